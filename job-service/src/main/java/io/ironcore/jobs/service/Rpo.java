package io.ironcore.jobs.service;

import io.ironcore.calendar.CalendarEvent;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job's recovery point objective: the longest acceptable age of its newest good snapshot. Set on the job
 * ({@code 26h}, {@code 90m}, {@code 1d12h}, {@code 2w}, or ISO-8601 {@code PT26H}), or derived from its schedule: the
 * longest gap between two elapses (over the coming year, at most {@value #GAPS} gaps), plus a grace of a twelfth of
 * that gap, at least {@code 5m} and at most {@code 6h} (daily at 02:00: 24h + 2h = 26h; hourly: 65m; weekly: 7d 6h).
 */
public final class Rpo {
    /** The shortest RPO a job may have. */
    public static final Duration MIN = Duration.ofMinutes(1);
    /** The longest RPO a job may have. */
    public static final Duration MAX = Duration.ofDays(400);
    static final int GAPS = 2000;
    private static final Duration MIN_GRACE = Duration.ofMinutes(5);
    private static final Duration MAX_GRACE = Duration.ofHours(6);
    private static final Pattern SPAN = Pattern.compile("(\\d{1,6})\\s*(min|w|d|h|m|s)");

    private Rpo() {
    }

    /**
     * The duration a client wrote.
     *
     * @throws IllegalArgumentException with a message for the client when it is not a duration in range
     */
    public static Duration parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            throw new IllegalArgumentException("must be a duration such as 26h, 90m, 1d12h or PT26H");
        }
        Duration d;
        if (s.startsWith("p")) {
            try {
                d = Duration.parse(s.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration such as PT26H");
            }
        } else {
            d = Duration.ZERO;
            Matcher m = SPAN.matcher(s);
            int at = 0;
            while (at < s.length()) {
                if (s.charAt(at) == ' ') {
                    at++;
                    continue;
                }
                if (!m.find(at) || m.start() != at) {
                    throw new IllegalArgumentException(
                            "'" + text + "' is not a duration such as 26h, 90m, 1d12h, 2w or PT26H");
                }
                long n = Long.parseLong(m.group(1));
                d = d.plus(switch (m.group(2)) {
                    case "w" -> Duration.ofDays(7 * n);
                    case "d" -> Duration.ofDays(n);
                    case "h" -> Duration.ofHours(n);
                    case "m", "min" -> Duration.ofMinutes(n);
                    default -> Duration.ofSeconds(n);
                });
                at = m.end();
            }
        }
        if (d.compareTo(MIN) < 0 || d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("must be between " + format(MIN) + " and " + format(MAX)
                    + ", not " + format(d.isNegative() ? Duration.ZERO : d));
        }
        return d;
    }

    /** The shortest way to write a duration: {@code 26h}, {@code 1d 2h}, {@code 90s}, {@code 7d 6h}. */
    public static String format(Duration d) {
        long s = d.getSeconds();
        if (s == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        long days = s / 86_400;
        long hours = s % 86_400 / 3600;
        long minutes = s % 3600 / 60;
        long seconds = s % 60;
        // a whole number of hours up to two days reads better as hours (26h rather than 1d 2h)
        if (days > 0 && days < 2 && minutes == 0 && seconds == 0) {
            hours += days * 24;
            days = 0;
        }
        append(b, days, "d");
        append(b, hours, "h");
        append(b, minutes, "m");
        append(b, seconds, "s");
        return b.toString();
    }

    private static void append(StringBuilder b, long n, String unit) {
        if (n > 0) {
            if (!b.isEmpty()) {
                b.append(' ');
            }
            b.append(n).append(unit);
        }
    }

    /**
     * The RPO a schedule implies: its longest gap between two elapses after {@code now}, plus the grace. Empty when
     * the schedule elapses less than twice more (a manual-only job has no derived RPO).
     */
    public static Duration derive(String schedule, String timezone, Instant now) {
        if (schedule == null || schedule.isBlank()) {
            return null;
        }
        Instant horizon = now.plus(Duration.ofDays(366));
        Iterator<Instant> it = CalendarEvent.parse(schedule).elapses(now, ZoneId.of(timezone)).iterator();
        if (!it.hasNext()) {
            return null;
        }
        Instant previous = it.next();
        Duration longest = null;
        for (int i = 0; i < GAPS && it.hasNext(); i++) {
            Instant next = it.next();
            Duration gap = Duration.between(previous, next);
            if (longest == null || gap.compareTo(longest) > 0) {
                longest = gap;
            }
            if (next.isAfter(horizon)) {
                break;
            }
            previous = next;
        }
        if (longest == null) {
            return null;
        }
        Duration grace = longest.dividedBy(12);
        grace = grace.compareTo(MIN_GRACE) < 0 ? MIN_GRACE : grace.compareTo(MAX_GRACE) > 0 ? MAX_GRACE : grace;
        Duration rpo = longest.plus(grace);
        return rpo.compareTo(MAX) > 0 ? MAX : rpo;
    }
}
