package io.ironcore.calendar;

import io.ironcore.calendar.LocalClock.Tm;

/**
 * One next-elapse computation: systemd 252's {@code calendar_spec_next_usec()} and
 * {@code find_next()}, field by field (year, month, day, weekday, hour, minute, seconds), each
 * step jumping straight to the next matching value of its field. Every intermediate broken-down
 * time is normalized through the emulated C library exactly where systemd does it, which is what
 * makes DST gaps and repeated hours behave as in systemd. Not thread-safe; create one per call.
 */
final class NextElapse {

    static final long USEC_PER_SEC = 1_000_000L;
    /** systemd's USEC_TIMESTAMP_FORMATTABLE_MAX: Thu 9999-12-30 23:59:59.999999 UTC. */
    static final long USEC_FORMATTABLE_MAX = 253402214399999999L;
    /** systemd's MAX_CALENDAR_ITERATIONS safety valve. */
    private static final int MAX_ITERATIONS = 1000;

    private static final int ENOENT = -2;
    private static final int ERANGE = -34;
    private static final int EDEADLK = -35;
    private static final int EFAIL = -1;

    private final CalendarEvent spec;
    private final LocalClock clock;

    private final Tm c = new Tm();
    private final Tm scratch = new Tm();
    private final Tm eomScratch = new Tm();
    /** The microseconds of {@link #c}, the candidate. */
    private int cUsec;
    private int matched;
    private int resultUsec;

    NextElapse(CalendarEvent spec, LocalClock clock) {
        this.spec = spec;
        this.clock = clock;
    }

    /** The first elapse strictly after {@code usec} (microseconds since the epoch), or -1. */
    long next(long usec) {
        if (usec < 0 || usec > USEC_FORMATTABLE_MAX) {
            return -1;
        }
        usec++;
        long t = usec / USEC_PER_SEC;
        Tm tm = new Tm();
        clock.localtime(t, tm);
        int r = findNext(tm, (int) (usec % USEC_PER_SEC));
        if (r < 0) {
            return -1;
        }
        long result = clock.mktime(tm);
        if (result < 0) {
            return -1;
        }
        return result * USEC_PER_SEC + resultUsec;
    }

    /**
     * find_next(): moves the candidate {@link #c} field by field, from the year down to the seconds, to the next value
     * that matches. A field that moves resets the fields below it; a field with no match left (or one that
     * normalization pushed out of bounds) carries into the field above it, and the search starts over from the
     * year. Sets {@code tm} and {@link #resultUsec}; returns 0, or a negative errno as systemd does.
     */
    private int findNext(Tm tm, int tmUsec) {
        c.set(tm);
        cUsec = tmUsec;
        // Once a candidate came out before the start (mktime() moved it backwards, as it does in
        // the gaps of zones with negative DST such as Europe/Dublin), systemd keeps the tm_isdst
        // that normalization produced instead of resetting it (systemd PR #36897, in 252.38).
        boolean keepIsdst = false;
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            clock.mktime(c);
            if (!keepIsdst) {
                c.isdst = -1;
            }
            int r = year();
            if (r < 0) {
                return r;
            }
            if (!month() || !day() || !weekday() || !hour() || !minute() || !seconds()) {
                continue;
            }
            if (before(c, cUsec, tm, tmUsec)) {
                c.hour++;
                keepIsdst = true;
                continue;
            }
            tm.set(c);
            resultUsec = cUsec;
            return 0;
        }
        // systemd logs "Infinite loop in calendar calculation" and gives up.
        return EDEADLK;
    }

    // Each step below returns whether its field matches and the search goes on to the next field; false means
    // start over from the year with the candidate as it is now.

    /** The year: no year left, or one out of bounds, ends the search (ENOENT). Returns 0 to go on, or an errno. */
    private int year() {
        int r = match(spec.year, false, c.year);
        if (r > 0) {
            c.year = matched;
            c.mon = 0;
            c.mday = 1;
            resetTimeOfDay();
        }
        if (r < 0) {
            return r;
        }
        return withinBounds(c) <= 0 ? ENOENT : 0;
    }

    private boolean month() {
        int r = match(spec.month, false, c.mon + 1);
        if (r > 0) {
            c.mon = matched - 1;
            c.mday = 1;
            resetTimeOfDay();
        }
        if (r < 0 || (r = withinBounds(c)) < 0) {
            c.year++;
            c.mon = 0;
            c.mday = 1;
            resetTimeOfDay();
            return false;
        }
        return r != 0;
    }

    private boolean day() {
        int r = match(spec.day, spec.endOfMonth, c.mday);
        if (r > 0) {
            c.mday = matched;
            resetTimeOfDay();
        }
        if (r < 0 || (r = withinBounds(c)) < 0) {
            c.mon++;
            c.mday = 1;
            resetTimeOfDay();
            return false;
        }
        return r != 0;
    }

    private boolean weekday() {
        if (matchesWeekday(c)) {
            return true;
        }
        c.mday++;
        resetTimeOfDay();
        return false;
    }

    /** The hour; one that does not exist (a DST gap) starts over from the normalized time. */
    private boolean hour() {
        int r = match(spec.hour, false, c.hour);
        if (r > 0) {
            c.hour = matched;
            c.min = c.sec = cUsec = 0;
        }
        if (r < 0 || (r = withinBounds(c)) < 0) {
            c.mday++;
            resetTimeOfDay();
            return false;
        }
        return r != 0;
    }

    private boolean minute() {
        int r = match(spec.minute, false, c.min);
        if (r > 0) {
            c.min = matched;
            c.sec = cUsec = 0;
        }
        if (r < 0 || (r = withinBounds(c)) < 0) {
            c.hour++;
            c.min = c.sec = cUsec = 0;
            return false;
        }
        return r != 0;
    }

    /** The seconds with their microseconds, matched as one value as systemd does. */
    private boolean seconds() {
        int v = c.sec * (int) USEC_PER_SEC + cUsec;
        int r = match(spec.usec, false, v);
        if (r > 0) {
            v = matched;
        }
        cUsec = v % (int) USEC_PER_SEC;
        c.sec = v / (int) USEC_PER_SEC;
        if (r < 0 || (r = withinBounds(c)) < 0) {
            c.min++;
            c.sec = cUsec = 0;
            return false;
        }
        return r != 0;
    }

    private void resetTimeOfDay() {
        c.hour = c.min = c.sec = cUsec = 0;
    }

    /** Whether local fields a (+ microseconds) are earlier than b's. */
    private static boolean before(Tm a, int aUsec, Tm b, int bUsec) {
        if (a.year != b.year) {
            return a.year < b.year;
        }
        if (a.mon != b.mon) {
            return a.mon < b.mon;
        }
        if (a.mday != b.mday) {
            return a.mday < b.mday;
        }
        if (a.hour != b.hour) {
            return a.hour < b.hour;
        }
        if (a.min != b.min) {
            return a.min < b.min;
        }
        if (a.sec != b.sec) {
            return a.sec < b.sec;
        }
        return aUsec < bUsec;
    }

    /**
     * find_matching_component(): the earliest value >= val of the chain; sets {@link #matched}.
     * Returns 1 if it differs from val, 0 if val matches, ENOENT if nothing matches.
     */
    private int match(Component[] chain, boolean endOfMonth, int val) {
        if (chain == null) {
            matched = val;
            return 0;
        }
        int d = -1;
        boolean dSet = false;
        for (Component comp : chain) {
            int start;
            int stop;
            if (endOfMonth) {
                start = findEndOfMonth(comp.start);
                stop = findEndOfMonth(comp.stop);
                if (stop > 0) {
                    int tmp = start;
                    start = stop;
                    stop = tmp;
                }
            } else {
                start = comp.start;
                stop = comp.stop;
            }
            if (start >= val) {
                if (!dSet || start < d) {
                    d = start;
                    dSet = true;
                }
            } else if (comp.repeat > 0) {
                int diff = val - start;
                int k = start + comp.repeat * (diff / comp.repeat + (diff % comp.repeat != 0 ? 1 : 0));
                if ((!dSet || k < d) && (stop < 0 || k <= stop)) {
                    d = k;
                    dSet = true;
                }
            }
        }
        if (!dSet) {
            return ENOENT;
        }
        matched = d;
        return val != d ? 1 : 0;
    }

    /** The day of the current month that is {@code day} days before the first of the next one. */
    private int findEndOfMonth(int day) {
        Tm t = eomScratch;
        t.set(c);
        t.mon++;
        t.mday = 1 - day;
        if (clock.mktime(t) < 0 || t.mon != c.mon) {
            return -1;
        }
        return t.mday;
    }

    /**
     * tm_within_bounds(): normalizes a copy of tm; if normalization moved it forward, tm becomes
     * the normalized time with the field below the first changed one reset (returns 0); if it
     * moved backwards, refuses (EDEADLK); returns 1 if tm was already a valid local time.
     */
    private int withinBounds(Tm tm) {
        if (tm.year > Parser.MAX_YEAR) {
            return ERANGE;
        }
        Tm t = scratch;
        t.set(tm);
        if (clock.mktime(t) < 0) {
            return EFAIL;
        }
        int cmp;
        if ((cmp = Integer.compare(t.year, tm.year)) != 0) {
            t.mon = 0;
        } else if ((cmp = Integer.compare(t.mon, tm.mon)) != 0) {
            t.mday = 1;
        } else if ((cmp = Integer.compare(t.mday, tm.mday)) != 0) {
            t.hour = 0;
        } else if ((cmp = Integer.compare(t.hour, tm.hour)) != 0) {
            t.min = 0;
        } else if ((cmp = Integer.compare(t.min, tm.min)) != 0) {
            t.sec = 0;
        } else {
            cmp = Integer.compare(t.sec, tm.sec);
        }
        if (cmp < 0) {
            return EDEADLK;
        }
        if (cmp > 0) {
            tm.set(t);
        }
        return cmp == 0 ? 1 : 0;
    }

    private boolean matchesWeekday(Tm tm) {
        int bits = spec.weekdays;
        if (bits < 0 || bits >= 127) {
            return true;
        }
        Tm t = scratch;
        t.set(tm);
        if (clock.mktime(t) < 0) {
            return false;
        }
        int k = t.wday == 0 ? 6 : t.wday - 1;
        return (bits & (1 << k)) != 0;
    }
}
