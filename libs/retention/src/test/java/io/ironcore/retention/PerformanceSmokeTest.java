package io.ironcore.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A smoke test of the complexity, not a benchmark: bounds are an order of magnitude above the
 * targets (100,000 snapshots well under 200 ms; 400 days of hourly projection) so that a busy
 * CI machine does not make it flaky, yet an accidental O(n^2) fails it.
 */
class PerformanceSmokeTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void applyTo100kSnapshots() {
        Random random = new Random(5);
        List<SnapshotInfo> snapshots = new ArrayList<>();
        Instant start = Instant.parse("2014-01-01T00:00:00Z");
        for (int i = 0; i < 100_000; i++) {
            snapshots.add(new SnapshotInfo("vm/100/" + i, start.plusSeconds(i * 3600L + random.nextInt(600)),
                    random.nextInt(1000) == 0, false));
        }
        Collections.shuffle(snapshots, random);
        RetentionPolicy policy = RetentionPolicy.parse(
                "keep-last=10, keep-hourly=48, keep-daily=30, keep-weekly=52, keep-monthly=120, keep-yearly=20");
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 8; round++) {
            long t0 = System.nanoTime();
            PruneResult result = Retention.apply(policy, snapshots, BERLIN);
            long elapsed = System.nanoTime() - t0;
            best = Math.min(best, elapsed);
            assertThat(result.decisions()).hasSize(100_000);
        }
        System.out.printf("apply: 100,000 snapshots, best of 8: %d ms%n", best / 1_000_000);
        assertThat(Duration.ofNanos(best)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void projectFourHundredDaysHourly() {
        List<Instant> times = new ArrayList<>();
        Instant end = LocalDate.of(2025, 1, 1).atStartOfDay(BERLIN).toInstant();
        for (Instant t = LocalDate.of(2023, 11, 28).atStartOfDay(BERLIN).toInstant(); t.isBefore(end);
                t = t.plusSeconds(3600)) {
            times.add(t);
        }
        RetentionPolicy policy = RetentionPolicy.parse("keep-hourly=24, keep-daily=7, keep-weekly=4, keep-monthly=12");
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime();
            Projection p = Retention.project(policy, times, BERLIN);
            best = Math.min(best, System.nanoTime() - t0);
            assertThat(p.survivors()).hasSize(24 + 7 + 4 + 12);
        }
        System.out.printf("project: %d hourly snapshots, best of 5: %d ms%n", times.size(), best / 1_000_000);
        assertThat(Duration.ofNanos(best)).isLessThan(Duration.ofSeconds(2));
    }
}
