package io.ironcore.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CalendarEventTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    static Instant at(String iso) {
        return Instant.parse(iso);
    }

    // ---------------------------------------------------------------------------------------
    // The examples and rules of the issue

    @Test
    void knownNormalizedForms() {
        assertThat(CalendarEvent.parse("weekly").normalized()).isEqualTo("Mon *-*-* 00:00:00");
        assertThat(CalendarEvent.parse("quarterly").normalized()).isEqualTo("*-01,04,07,10-01 00:00:00");
        assertThat(CalendarEvent.parse("*:0/15").normalized()).isEqualTo("*-*-* *:00/15:00");
        assertThat(CalendarEvent.parse("Mon,Tue,Wed,Thu,Fri 22:00").normalized())
                .isEqualTo("Mon..Fri *-*-* 22:00:00");
    }

    @Test
    void dstGapIsSkipped() {
        CalendarEvent e = CalendarEvent.parse("*-*-* 02:30 Europe/Berlin");
        assertThat(e.next(at("2026-03-28T23:00:00Z"), null)).contains(at("2026-03-30T00:30:00Z"));
    }

    @Test
    void repeatedHourFiresOnceAtItsFirstOccurrence() {
        CalendarEvent e = CalendarEvent.parse("*-*-* 01:30 America/New_York");
        assertThat(e.next(at("2026-11-01T04:00:00Z"), null, 2))
                .containsExactly(at("2026-11-01T05:30:00Z"), at("2026-11-02T06:30:00Z"));
    }

    @Test
    void sameRulesWhenTheZoneIsTheCallersDefault() {
        assertThat(CalendarEvent.parse("*-*-* 02:30").next(at("2026-03-28T23:00:00Z"), BERLIN))
                .contains(at("2026-03-30T00:30:00Z"));
        assertThat(CalendarEvent.parse("*-*-* 01:30").next(at("2026-11-01T04:00:00Z"), NEW_YORK, 2))
                .containsExactly(at("2026-11-01T05:30:00Z"), at("2026-11-02T06:30:00Z"));
    }

    @Test
    void impossibleDateIsValidButNeverElapses() {
        CalendarEvent e = CalendarEvent.parse("*-02-30 00:00");
        assertThat(e.normalized()).isEqualTo("*-02-30 00:00:00");
        assertThat(e.next(at("2026-01-01T00:00:00Z"), ZoneOffset.UTC)).isEmpty();
        assertThat(e.next(at("2026-01-01T00:00:00Z"), ZoneOffset.UTC, 3)).isEmpty();
        assertThat(e.elapses(at("2026-01-01T00:00:00Z"), ZoneOffset.UTC)).isEmpty();
    }

    // ---------------------------------------------------------------------------------------
    // API contract

    @Test
    void nextIsStrictlyAfter() {
        CalendarEvent daily = CalendarEvent.parse("daily");
        assertThat(daily.next(at("2026-01-02T00:00:00Z"), ZoneOffset.UTC)).contains(at("2026-01-03T00:00:00Z"));
        assertThat(daily.next(at("2026-01-01T23:59:59.999999Z"), ZoneOffset.UTC))
                .contains(at("2026-01-02T00:00:00Z"));
        // Sub-microsecond parts are truncated first, as systemd works in microseconds.
        assertThat(daily.next(at("2026-01-01T23:59:59.9999995Z"), ZoneOffset.UTC))
                .contains(at("2026-01-02T00:00:00Z"));
        assertThat(daily.next(at("2026-01-02T00:00:00.0000005Z"), ZoneOffset.UTC))
                .contains(at("2026-01-03T00:00:00Z"));
    }

    @Test
    void microsecondResolution() {
        CalendarEvent e = CalendarEvent.parse("*:*:0/0.25");
        assertThat(e.next(at("2026-01-01T00:00:00.1Z"), ZoneOffset.UTC, 3)).containsExactly(
                at("2026-01-01T00:00:00.25Z"), at("2026-01-01T00:00:00.5Z"), at("2026-01-01T00:00:00.75Z"));
    }

    @Test
    void zoneOfTheExpression() {
        assertThat(CalendarEvent.parse("daily").zone()).isEmpty();
        assertThat(CalendarEvent.parse("daily UTC").zone()).contains(ZoneOffset.UTC);
        assertThat(CalendarEvent.parse("daily utc").zone()).contains(ZoneOffset.UTC);
        assertThat(CalendarEvent.parse("*-*-* 02:30 Europe/Berlin").zone()).contains(BERLIN);
        assertThat(CalendarEvent.parse("@1785000000 Europe/Berlin").zone()).contains(ZoneOffset.UTC);
        // A named zone wins over the caller's default.
        CalendarEvent utcDaily = CalendarEvent.parse("daily UTC");
        assertThat(utcDaily.next(at("2026-06-01T12:00:00Z"), BERLIN)).contains(at("2026-06-02T00:00:00Z"));
        assertThat(CalendarEvent.parse("daily").next(at("2026-06-01T12:00:00Z"), BERLIN))
                .contains(at("2026-06-01T22:00:00Z"));
    }

    @Test
    void defaultZoneIsRequiredOnlyWithoutAZoneInTheExpression() {
        assertThat(CalendarEvent.parse("daily Asia/Tokyo").next(at("2026-06-01T12:00:00Z"), null))
                .contains(at("2026-06-01T15:00:00Z"));
        assertThatThrownBy(() -> CalendarEvent.parse("daily").next(at("2026-06-01T12:00:00Z"), null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("defaultZone");
    }

    @Test
    void argumentChecks() {
        CalendarEvent e = CalendarEvent.parse("daily");
        assertThatThrownBy(() -> CalendarEvent.parse(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> e.next(null, ZoneOffset.UTC)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> e.next(at("1969-12-31T23:59:59Z"), ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1970");
        assertThatThrownBy(() -> e.next(at("2026-01-01T00:00:00Z"), ZoneOffset.UTC, -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(e.next(at("2026-01-01T00:00:00Z"), ZoneOffset.UTC, 0)).isEmpty();
        assertThat(e.next(Instant.EPOCH, ZoneOffset.UTC)).contains(at("1970-01-02T00:00:00Z"));
        // systemd refuses reference times past 9999-12-30; so do we (no next elapse).
        assertThat(e.next(at("9999-12-31T00:00:00Z"), ZoneOffset.UTC)).isEmpty();
        assertThat(e.next(Instant.MAX, ZoneOffset.UTC)).isEmpty();
    }

    @Test
    void listsAreImmutable() {
        List<Instant> l = CalendarEvent.parse("daily").next(at("2026-01-01T00:00:00Z"), ZoneOffset.UTC, 2);
        assertThatThrownBy(() -> l.add(Instant.EPOCH)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void eventsEndAt2199() {
        CalendarEvent yearly = CalendarEvent.parse("yearly");
        assertThat(yearly.next(at("2198-06-01T00:00:00Z"), ZoneOffset.UTC, 5))
                .containsExactly(at("2199-01-01T00:00:00Z"));
        assertThat(yearly.elapses(at("2190-06-01T00:00:00Z"), ZoneOffset.UTC)).hasSize(9);
        assertThat(CalendarEvent.parse("2199-12-31 23:59:59").next(at("2026-01-01T00:00:00Z"), ZoneOffset.UTC))
                .contains(at("2199-12-31T23:59:59Z"));
    }

    @Test
    void elapsesStreamMatchesRepeatedNext() {
        CalendarEvent e = CalendarEvent.parse("Mon..Fri 09,17:30 Europe/Berlin");
        Instant from = at("2026-03-25T00:00:00Z");
        List<Instant> viaStream = e.elapses(from, null).limit(12).collect(Collectors.toList());
        List<Instant> viaList = e.next(from, null, 12);
        List<Instant> viaSingle = new ArrayList<>();
        Instant t = from;
        for (int i = 0; i < 12; i++) {
            t = e.next(t, null).orElseThrow();
            viaSingle.add(t);
        }
        assertThat(viaStream).isEqualTo(viaList).isEqualTo(viaSingle).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void valueSemantics() {
        CalendarEvent a = CalendarEvent.parse("Mon,Tue,Wed,Thu,Fri 22:00");
        CalendarEvent b = CalendarEvent.parse("mon..friday 22:00:00");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).hasToString("Mon..Fri *-*-* 22:00:00");
        assertThat(a).isNotEqualTo(CalendarEvent.parse("Mon..Fri 22:00 UTC"));
    }

    @Test
    void sharedEventIsThreadSafe() throws Exception {
        CalendarEvent[] events = {
            CalendarEvent.parse("*:0/15 Europe/Berlin"), CalendarEvent.parse("*-*-* 01:30"),
            CalendarEvent.parse("Mon *-05~07/1 02:30"), CalendarEvent.parse("hourly"),
        };
        ZoneId[] zones = {BERLIN, NEW_YORK, ZoneId.of("Australia/Lord_Howe"), ZoneOffset.UTC};
        Instant start = at("2026-03-01T00:00:00Z");
        List<List<Instant>> expected = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            expected.add(events[i].next(start, zones[i], 400));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int k = 0; k < 16; k++) {
                int i = k % events.length;
                results.add(pool.submit(() -> events[i].next(start, zones[i], 400).equals(expected.get(i))));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------------------------------
    // Error messages: what is wrong, the token and the column

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("Sunn 01:00", 1, "Sunn", "invalid weekday 'Sunn' at column 1"),
                Arguments.of("Fri..Mon 01:00", 1, "Fri..Mon", "invalid weekday range 'Fri..Mon' at column 1"),
                Arguments.of("Mon..Wed..Fri", 1, "Mon..Wed..", "invalid weekday range 'Mon..Wed..' at column 1"),
                Arguments.of("Mon.. 12:00", 1, "Mon..", "incomplete weekday range 'Mon..' at column 1"),
                Arguments.of("Mon Tue", 5, "Tue", "misplaced weekday 'Tue' at column 5"),
                Arguments.of("Foo", 1, "Foo", "invalid weekday or shortcut 'Foo' at column 1"),
                Arguments.of("daily 12:00", 1, "daily", "invalid use of shortcut 'daily' at column 1"),
                Arguments.of("", 1, "", "empty calendar expression at column 1"),
                Arguments.of(" daily", 1, " ", "unexpected space ' ' at column 1"),
                Arguments.of("*-13-01", 3, "13", "invalid month '13' at column 3: must be within 1..12"),
                Arguments.of("*-*-32", 5, "32", "invalid day '32' at column 5: must be within 1..31"),
                Arguments.of("1969-01-01", 1, "1969", "invalid year '1969' at column 1: must be within 1970..2199"),
                Arguments.of("24:00", 1, "24", "invalid hour '24' at column 1: must be within 0..23"),
                Arguments.of("*:*:60", 5, "60", "invalid second '60' at column 5"),
                Arguments.of("*:50/15", 3, "50/15", "invalid minute repetition '50/15' at column 3"),
                Arguments.of("*:0/0", 4, "/0", "invalid repetition '/0' at column 4: must be greater than 0"),
                Arguments.of("*-*-5..3", 5, "5..3", "invalid day range '5..3' at column 5"),
                Arguments.of("*-*~29", 5, "29", "invalid day counted from the end of the month '29' at column 5"),
                Arguments.of("12:00 Europe/Nowhere", 7, "Europe/Nowhere",
                        "unknown time zone 'Europe/Nowhere' at column 7"),
                Arguments.of("12:00 CEST", 7, "CEST", "unknown time zone 'CEST' at column 7"),
                Arguments.of("12:00 right/UTC", 7, "right/UTC", "unsupported time zone 'right/UTC' at column 7"),
                Arguments.of("12:00 localtime", 7, "localtime", "unsupported time zone 'localtime' at column 7"),
                Arguments.of("Europe/Berlin", 1, "Europe/Berlin",
                        "missing calendar expression before time zone 'Europe/Berlin' at column 1"),
                Arguments.of("12", 1, "12", "incomplete time '12' at column 1"),
                Arguments.of("12:", 4, "", "missing minute at column 4"),
                Arguments.of("12:00:00:00", 9, ":", "unexpected ':' at column 9"),
                Arguments.of("2026-01-01T12:00", 11, "T12", "unexpected 'T12' at column 11"),
                Arguments.of("*:*:1.", 5, "1.", "invalid fraction of a second '1.' at column 5"),
                Arguments.of("*:99999999999", 3, "99999999999", "number out of range '99999999999' at column 3"),
                Arguments.of("@-5", 1, "@-5", "invalid timestamp '@-5' at column 1"),
                Arguments.of("Mon\0", 4, "\0", "invalid character '\\u0000' at column 4"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void errorSaysWhatAndWhere(String expression, int column, String token, String messageStart) {
        CalendarSyntaxException e = catchThrowableOfType(() -> CalendarEvent.parse(expression),
                CalendarSyntaxException.class);
        assertThat(e).as("rejects %s", expression).isNotNull();
        assertThat(e.getMessage()).startsWith(messageStart).doesNotContain("\n");
        assertThat(e.column()).isEqualTo(column);
        assertThat(e.token()).isEqualTo(token);
        assertThat(e.expression()).isEqualTo(expression);
        assertThat(e).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void longTokensAreShortenedInTheMessage() {
        String longWord = "X".repeat(200);
        CalendarSyntaxException e = catchThrowableOfType(() -> CalendarEvent.parse(longWord),
                CalendarSyntaxException.class);
        assertThat(e.getMessage()).hasSizeLessThan(300).contains("XXX...'");
        assertThat(e.token()).isEqualTo(longWord);
    }

    @Test
    void listsAreLimitedLikeSystemd() {
        String items241 = Stream.iterate(0, i -> i + 1).limit(241).map(i -> String.valueOf(i % 60))
                .collect(Collectors.joining(","));
        assertThat(CalendarEvent.parse("*:" + items241).normalized()).startsWith("*-*-* *:00,01,");
        assertThatThrownBy(() -> CalendarEvent.parse("*:" + items241 + ",5"))
                .isInstanceOf(CalendarSyntaxException.class).hasMessageContaining("too many list elements");
    }

    @Test
    void supportedZoneSpellings() {
        assertThat(CalendarEvent.parse("12:00 posix/Europe/Berlin").zone()).contains(BERLIN);
        assertThat(CalendarEvent.parse("12:00 EST").next(at("2026-07-01T00:00:00Z"), null))
                .contains(at("2026-07-01T17:00:00Z"));
        assertThat(CalendarEvent.parse("12:00 Etc/GMT-14").next(at("2026-07-01T00:00:00Z"), null))
                .contains(at("2026-07-01T22:00:00Z"));
        // Java knows SystemV/* ids, systemd has no zoneinfo file for them.
        assertThatThrownBy(() -> CalendarEvent.parse("12:00 SystemV/EST5"))
                .isInstanceOf(CalendarSyntaxException.class).hasMessageStartingWith("unknown time zone");
    }
}
