package io.ironcore.calendar;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A systemd calendar event ({@code OnCalendar=} syntax of systemd.time(7)), with systemd 252's
 * semantics: {@code Mon..Fri 18:00}, {@code *-*-01 03:00}, {@code *:0/15}, {@code daily},
 * {@code *-*-* 02:30 Europe/Berlin}, ...
 *
 * <p>Instances are immutable and thread-safe. Nothing reads the clock: the reference instant is
 * always passed in. The next elapse is computed field by field (year, month, day, hour, minute,
 * second), as systemd's {@code find_next()} does, never by stepping through time.
 *
 * <p>Local times are resolved as systemd does with the C library: a local time that does not exist
 * (DST gap) is skipped, a local time that occurs twice (DST overlap) elapses once, at its first
 * occurrence.
 */
public final class CalendarEvent {

    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

    final int weekdays;
    final Component[] year;
    final Component[] month;
    final Component[] day;
    final Component[] hour;
    final Component[] minute;
    final Component[] usec;
    final boolean endOfMonth;
    private final boolean utc;
    private final String timezone;
    private final ZoneId zone;
    private final String normalized;

    private CalendarEvent(Parser p) {
        this.weekdays = p.weekdays;
        this.year = p.year;
        this.month = p.month;
        this.day = p.day;
        this.hour = p.hour;
        this.minute = p.minute;
        this.usec = p.usec;
        this.endOfMonth = p.endOfMonth;
        this.utc = p.utc;
        this.timezone = p.timezone;
        this.zone = p.utc ? ZoneOffset.UTC : p.zone;
        this.normalized = format();
    }

    /**
     * Parses a calendar event expression.
     *
     * @throws CalendarSyntaxException if systemd would reject the expression; the message says
     *     what is wrong and at which column
     */
    public static CalendarEvent parse(String expression) {
        Objects.requireNonNull(expression, "expression");
        return new CalendarEvent(Parser.parse(expression));
    }

    /** The normalized form, exactly as {@code systemd-analyze calendar} prints it. */
    public String normalized() {
        return normalized;
    }

    /**
     * The time zone the expression names: {@link ZoneOffset#UTC} for a {@code UTC} suffix, the
     * zone for a tz database name suffix, empty if the expression is in the caller's zone.
     */
    public Optional<ZoneId> zone() {
        return Optional.ofNullable(zone);
    }

    /**
     * The first elapse strictly after {@code after}.
     *
     * @param after the reference instant; must not be before 1970-01-01T00:00:00Z
     * @param defaultZone the zone to interpret the expression in unless it names one itself; may
     *     be null only if it does
     * @return the next elapse (whole microseconds), or empty if the event never elapses again
     *     (e.g. {@code *-02-30}, or a year already past; systemd stops at the year 2199)
     */
    public Optional<Instant> next(Instant after, ZoneId defaultZone) {
        NextElapse search = newSearch(defaultZone);
        long r = search.next(toUsec(after));
        return r < 0 ? Optional.empty() : Optional.of(ofUsec(r));
    }

    /**
     * The next {@code limit} elapses strictly after {@code after}, in order; fewer if the event
     * stops elapsing. Each one is computed from the previous as {@code systemd-analyze calendar
     * --iterations} does.
     */
    public List<Instant> next(Instant after, ZoneId defaultZone, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        NextElapse search = newSearch(defaultZone);
        long usec = toUsec(after);
        List<Instant> out = new ArrayList<>(Math.min(limit, 1024));
        for (int i = 0; i < limit; i++) {
            usec = search.next(usec);
            if (usec < 0) {
                break;
            }
            out.add(ofUsec(usec));
        }
        return Collections.unmodifiableList(out);
    }

    /** All elapses strictly after {@code after}, lazily, in order (finite: systemd stops at 2199). */
    public Stream<Instant> elapses(Instant after, ZoneId defaultZone) {
        NextElapse search = newSearch(defaultZone);
        long first = toUsec(after);
        Spliterator<Instant> it = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
                Spliterator.ORDERED | Spliterator.DISTINCT | Spliterator.SORTED | Spliterator.NONNULL
                        | Spliterator.IMMUTABLE) {
            private long usec = first;

            @Override
            public boolean tryAdvance(Consumer<? super Instant> action) {
                if (usec < 0) {
                    return false;
                }
                usec = search.next(usec);
                if (usec < 0) {
                    return false;
                }
                action.accept(ofUsec(usec));
                return true;
            }

            @Override
            public Comparator<? super Instant> getComparator() {
                return null;
            }
        };
        return StreamSupport.stream(it, false);
    }

    private NextElapse newSearch(ZoneId defaultZone) {
        LocalClock clock;
        if (utc) {
            clock = LocalClock.utc();
        } else if (zone != null) {
            clock = LocalClock.of(zone);
        } else {
            Objects.requireNonNull(defaultZone, "defaultZone (the expression names no time zone)");
            clock = LocalClock.of(defaultZone);
        }
        return new NextElapse(this, clock);
    }

    private static long toUsec(Instant after) {
        Objects.requireNonNull(after, "after");
        if (after.getEpochSecond() < 0) {
            throw new IllegalArgumentException("after must not be before 1970-01-01T00:00:00Z: " + after);
        }
        if (after.getEpochSecond() > NextElapse.USEC_FORMATTABLE_MAX / NextElapse.USEC_PER_SEC) {
            return NextElapse.USEC_FORMATTABLE_MAX + 1; // systemd: -EINVAL, i.e. no next elapse
        }
        return after.getEpochSecond() * NextElapse.USEC_PER_SEC + after.getNano() / 1000;
    }

    private static Instant ofUsec(long usec) {
        return Instant.ofEpochSecond(usec / NextElapse.USEC_PER_SEC, usec % NextElapse.USEC_PER_SEC * 1000);
    }

    // ------------------------------------------------------------------------------------------
    // calendar_spec_to_string()

    private String format() {
        StringBuilder sb = new StringBuilder(32);
        if (weekdays > 0 && weekdays <= 127) {
            formatWeekdays(sb);
            sb.append(' ');
        }
        formatChain(sb, 4, year, false);
        sb.append('-');
        formatChain(sb, 2, month, false);
        sb.append(endOfMonth ? '~' : '-');
        formatChain(sb, 2, day, false);
        sb.append(' ');
        formatChain(sb, 2, hour, false);
        sb.append(':');
        formatChain(sb, 2, minute, false);
        sb.append(':');
        formatChain(sb, 2, usec, true);
        if (utc) {
            sb.append(" UTC");
        } else if (timezone != null) {
            sb.append(' ').append(timezone);
        }
        return sb.toString();
    }

    private void formatWeekdays(StringBuilder sb) {
        int l = -1;
        int x;
        boolean needComma = false;
        for (x = 0; x < DAYS.length; x++) {
            if ((weekdays & (1 << x)) != 0) {
                if (l < 0) {
                    if (needComma) {
                        sb.append(',');
                    } else {
                        needComma = true;
                    }
                    sb.append(DAYS[x]);
                    l = x;
                }
            } else if (l >= 0) {
                if (x > l + 1) {
                    sb.append(x > l + 2 ? ".." : ",").append(DAYS[x - 1]);
                }
                l = -1;
            }
        }
        if (l >= 0 && x > l + 1) {
            sb.append(x > l + 2 ? ".." : ",").append(DAYS[x - 1]);
        }
    }

    private static void formatChain(StringBuilder sb, int width, Component[] chain, boolean isUsec) {
        int d = isUsec ? (int) NextElapse.USEC_PER_SEC : 1;
        if (chain == null) {
            sb.append('*');
            return;
        }
        if (isUsec) {
            for (Component c : chain) {
                if (c.start == 0 && c.stop < 0 && c.repeat == d) {
                    sb.append('*');
                    return;
                }
            }
        }
        for (int i = 0; i < chain.length; i++) {
            Component c = chain[i];
            if (i > 0) {
                sb.append(',');
            }
            pad(sb, c.start / d, width);
            if (c.start % d > 0) {
                sb.append('.');
                pad(sb, c.start % d, 6);
            }
            if (c.stop > 0) {
                sb.append("..");
                pad(sb, c.stop / d, width);
            }
            if (c.stop % d > 0) {
                sb.append('.');
                pad(sb, c.stop % d, 6);
            }
            if (c.repeat > 0 && !(c.stop > 0 && c.repeat == d)) {
                sb.append('/').append(c.repeat / d);
            }
            if (c.repeat % d > 0) {
                sb.append('.');
                pad(sb, c.repeat % d, 6);
            }
        }
    }

    private static void pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        sb.append(s);
    }

    /** The normalized form. */
    @Override
    public String toString() {
        return normalized;
    }

    /** Two events are equal if their normalized forms are (they then elapse identically). */
    @Override
    public boolean equals(Object o) {
        return o instanceof CalendarEvent && ((CalendarEvent) o).normalized.equals(normalized);
    }

    @Override
    public int hashCode() {
        return normalized.hashCode();
    }
}
