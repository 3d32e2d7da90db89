package io.ironcore.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The allocation-free period keys against java.time's ZonedDateTime, in every zone the JDK knows. */
class PeriodKeysTest {

    @Test
    void civilFromDaysMatchesLocalDate() {
        for (long day = -800_000; day <= 800_000; day++) {
            LocalDate d = LocalDate.ofEpochDay(day);
            assertYearMonth(day, d);
        }
        Random random = new Random(1);
        for (int i = 0; i < 100_000; i++) {
            long day = random.nextLong() % 300_000_000L;
            assertYearMonth(day, LocalDate.ofEpochDay(day));
        }
    }

    private static void assertYearMonth(long day, LocalDate d) {
        long expected = d.getYear() * 12L + d.getMonthValue() - 1;
        if (PeriodKeys.yearMonth(day) != expected) {
            assertThat(PeriodKeys.yearMonth(day)).as("epoch day %d = %s", day, d).isEqualTo(expected);
        }
    }

    @Test
    void localSecondsMatchZonedDateTimeInEveryZone() {
        Random random = new Random(2);
        long from = Instant.parse("1890-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2120-01-01T00:00:00Z").getEpochSecond();
        for (String zoneId : ZoneId.getAvailableZoneIds()) {
            ZoneId zone = ZoneId.of(zoneId);
            ZoneRules rules = zone.getRules();
            List<Instant> instants = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                instants.add(Instant.ofEpochSecond(from + (long) (random.nextDouble() * (to - from)),
                        random.nextInt(3) == 0 ? random.nextInt(1_000_000_000) : 0));
            }
            List<ZoneOffsetTransition> transitions = new ArrayList<>(rules.getTransitions());
            ZoneOffsetTransition next = rules.nextTransition(Instant.parse("2024-01-01T00:00:00Z"));
            for (int i = 0; i < 6 && next != null; i++) {
                transitions.add(next);
                next = rules.nextTransition(next.getInstant());
            }
            for (ZoneOffsetTransition t : transitions) {
                Instant at = t.getInstant();
                instants.add(at);
                instants.add(at.minusSeconds(1));
                instants.add(at.minusNanos(1));
                instants.add(at.plusNanos(1));
                instants.add(at.plusSeconds(1));
            }
            Instant[] times = instants.toArray(new Instant[0]);
            // ascending order, as the engine passes it
            Integer[] boxed = new Integer[times.length];
            for (int i = 0; i < boxed.length; i++) {
                boxed[i] = i;
            }
            Arrays.sort(boxed, (a, b) -> times[a].compareTo(times[b]));
            int[] ascending = Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
            long[] local = PeriodKeys.localSeconds(times, ascending, rules);
            for (int i = 0; i < times.length; i++) {
                ZonedDateTime z = times[i].atZone(zone);
                long expected = z.toLocalDateTime().toEpochSecond(ZoneOffset.UTC);
                if (local[i] != expected) {
                    assertThat(local[i]).as("%s in %s", times[i], zoneId).isEqualTo(expected);
                }
                assertKeys(local[i], z);
            }
        }
    }

    private static void assertKeys(long localSecond, ZonedDateTime z) {
        LocalDate date = z.toLocalDate();
        long hour = date.toEpochDay() * 24 + z.getHour();
        long day = date.toEpochDay();
        LocalDate monday = date.minusDays(date.getDayOfWeek().getValue() - 1L);
        long month = date.getYear() * 12L + date.getMonthValue() - 1;
        long year = date.getYear();
        boolean ok = PeriodKeys.key(Window.HOURLY, localSecond) == hour
                && PeriodKeys.key(Window.DAILY, localSecond) == day
                && PeriodKeys.key(Window.WEEKLY, localSecond) == Math.floorDiv(monday.toEpochDay() + 3, 7)
                && PeriodKeys.key(Window.MONTHLY, localSecond) == month
                && PeriodKeys.key(Window.YEARLY, localSecond) == year;
        if (!ok) {
            assertThat(new long[] {PeriodKeys.key(Window.HOURLY, localSecond), PeriodKeys.key(Window.DAILY, localSecond),
                    PeriodKeys.key(Window.MONTHLY, localSecond), PeriodKeys.key(Window.YEARLY, localSecond)})
                    .as("keys of %s", z).containsExactly(hour, day, month, year);
        }
        String isoWeek = z.get(IsoFields.WEEK_BASED_YEAR) + "-W"
                + String.format("%02d", z.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        String label = PeriodKeys.label(Window.WEEKLY, PeriodKeys.key(Window.WEEKLY, localSecond));
        if (!label.equals(isoWeek)) {
            assertThat(label).as("ISO week of %s", z).isEqualTo(isoWeek);
        }
    }

    @Test
    void labels() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertThat(label(Window.HOURLY, "2024-10-27T00:30:00Z", berlin)).isEqualTo("2024-10-27T02");
        assertThat(label(Window.HOURLY, "2024-10-27T01:30:00Z", berlin)).isEqualTo("2024-10-27T02");
        assertThat(label(Window.HOURLY, "2024-10-27T12:30:00Z", berlin)).isEqualTo("2024-10-27T13");
        assertThat(label(Window.DAILY, "2024-01-10T23:30:00Z", berlin)).isEqualTo("2024-01-11");
        assertThat(label(Window.DAILY, "2024-01-10T23:30:00Z", ZoneOffset.UTC)).isEqualTo("2024-01-10");
        assertThat(label(Window.WEEKLY, "2021-01-02T12:00:00Z", ZoneOffset.UTC)).isEqualTo("2020-W53");
        assertThat(label(Window.WEEKLY, "2024-12-30T12:00:00Z", ZoneOffset.UTC)).isEqualTo("2025-W01");
        assertThat(label(Window.WEEKLY, "2024-01-01T12:00:00Z", ZoneOffset.UTC)).isEqualTo("2024-W01");
        assertThat(label(Window.MONTHLY, "2023-12-31T23:30:00Z", berlin)).isEqualTo("2024-01");
        assertThat(label(Window.YEARLY, "2023-12-31T23:30:00Z", berlin)).isEqualTo("2024");
        assertThat(label(Window.YEARLY, "2023-12-31T23:30:00Z", ZoneOffset.UTC)).isEqualTo("2023");
        assertThat(label(Window.DAILY, "2024-01-01T03:00:00Z", ZoneId.of("Asia/Kathmandu"))).isEqualTo("2024-01-01");
        assertThat(label(Window.HOURLY, "2024-01-01T03:00:00Z", ZoneId.of("Asia/Kathmandu"))).isEqualTo("2024-01-01T08");
    }

    private static String label(Window w, String instant, ZoneId zone) {
        Instant t = Instant.parse(instant);
        long local = PeriodKeys.localSeconds(new Instant[] {t}, new int[] {0}, zone.getRules())[0];
        return PeriodKeys.label(w, PeriodKeys.key(w, local));
    }
}
