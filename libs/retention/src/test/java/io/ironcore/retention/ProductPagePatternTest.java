package io.ironcore.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The product page's example: a daily incremental job at 02:00 with keep-daily=7 and a weekly
 * full job on Sunday at 03:00 with keep-weekly=3. Each job's prune only sees that job's
 * snapshots. After 120 simulated days (pruning after every new snapshot) exactly 7 daily
 * incrementals and 3 weekly fulls remain.
 */
class ProductPagePatternTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin"); // includes the 2024-03-31 DST switch
    private static final LocalDate FIRST_DAY = LocalDate.of(2024, 1, 1);
    private static final int DAYS = 120;

    private record Job(String name, RetentionPolicy policy, List<Instant> runs) {
    }

    private static List<Instant> runs(LocalTime at, boolean sundaysOnly) {
        List<Instant> out = new ArrayList<>();
        for (int d = 0; d < DAYS; d++) {
            LocalDate day = FIRST_DAY.plusDays(d);
            if (!sundaysOnly || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                out.add(ZonedDateTime.of(day, at, ZONE).toInstant()); // 02:00 on 2024-03-31 becomes 03:00 CEST
            }
        }
        return out;
    }

    private record Event(Job job, Instant at) {
    }

    @Test
    void sevenDailyIncrementalsAndThreeWeeklyFullsRemain() {
        Job daily = new Job("daily", RetentionPolicy.parse("keep-daily=7"), runs(LocalTime.of(2, 0), false));
        Job weekly = new Job("weekly-full", RetentionPolicy.parse("keep-weekly=3"), runs(LocalTime.of(3, 0), true));
        assertThat(daily.runs()).hasSize(120);
        assertThat(weekly.runs()).hasSize(17);

        List<Event> events = new ArrayList<>();
        for (Job job : List.of(daily, weekly)) {
            for (Instant t : job.runs()) {
                events.add(new Event(job, t));
            }
        }
        events.sort(Comparator.comparing(Event::at));

        List<RetentionCandidate> dailyStore = new ArrayList<>();
        List<RetentionCandidate> weeklyStore = new ArrayList<>();
        int dailyRuns = 0;
        int weeklyRuns = 0;
        for (Event e : events) {
            boolean isDaily = e.job() == daily;
            List<RetentionCandidate> store = isDaily ? dailyStore : weeklyStore;
            store.add(RetentionCandidate.of(e.job().name() + "@" + e.at(), e.at()));
            PruneResult result = Retention.apply(e.job().policy(), store, ZONE); // this job's snapshots only
            store.clear();
            for (Decision d : result.kept()) {
                store.add(d.snapshot());
            }
            if (isDaily) {
                dailyRuns++;
            } else {
                weeklyRuns++;
            }
            assertThat(dailyStore).hasSize(Math.min(dailyRuns, 7));
            assertThat(weeklyStore).hasSize(Math.min(weeklyRuns, 3));
        }

        assertThat(dailyStore).hasSize(7);
        assertThat(weeklyStore).hasSize(3);
        assertThat(dailyStore).extracting(RetentionCandidate::time)
                .containsExactlyInAnyOrderElementsOf(daily.runs().subList(DAYS - 7, DAYS));
        assertThat(weeklyStore).extracting(RetentionCandidate::time)
                .containsExactlyInAnyOrderElementsOf(weekly.runs().subList(weekly.runs().size() - 3, weekly.runs().size()));

        // The projector tells the same story per job.
        Projection dailyProjection = Retention.project(daily.policy(), daily.runs(), ZONE);
        Projection weeklyProjection = Retention.project(weekly.policy(), weekly.runs(), ZONE);
        assertThat(dailyProjection.survivors()).extracting(Projection.Generation::created)
                .containsExactlyInAnyOrderElementsOf(dailyStore.stream().map(RetentionCandidate::time).toList());
        assertThat(weeklyProjection.survivors()).extracting(Projection.Generation::created)
                .containsExactlyInAnyOrderElementsOf(weeklyStore.stream().map(RetentionCandidate::time).toList());
        assertThat(dailyProjection.peakKept()).isEqualTo(7);
        assertThat(weeklyProjection.peakKept()).isEqualTo(3);
        Instant end = daily.runs().get(DAYS - 1);
        assertThat(dailyProjection.aliveAt(end).size() + weeklyProjection.aliveAt(end).size()).isEqualTo(10);
    }
}
