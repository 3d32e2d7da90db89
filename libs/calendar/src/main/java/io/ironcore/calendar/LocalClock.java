package io.ironcore.calendar;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * The C library time conversions systemd's calendar code relies on: {@code localtime_r()} and
 * {@code mktime()} for a zone (glibc's algorithm, including its "last offset" guess, which decides
 * how non-existent and repeated local times are resolved), and {@code gmtime_r()}/{@code timegm()}
 * for UTC. An instance carries glibc's per-process guess, so it is used by one computation at a
 * time and never shared.
 */
abstract class LocalClock {

    /** Broken-down time, as C's {@code struct tm}, but with the full year and no yday. */
    static final class Tm {
        int year;
        int mon; // 0..11 once normalized
        int mday;
        int hour;
        int min;
        int sec;
        int isdst; // -1 unknown, 0, 1
        int wday; // 0 = Sunday

        void set(Tm o) {
            year = o.year;
            mon = o.mon;
            mday = o.mday;
            hour = o.hour;
            min = o.min;
            sec = o.sec;
            isdst = o.isdst;
            wday = o.wday;
        }
    }

    private final int[] ymd = new int[3];

    /** Normalizes tm in place and returns its epoch second, or -1 on failure (tm untouched). */
    abstract long mktime(Tm tm);

    abstract void localtime(long t, Tm tm);

    static LocalClock utc() {
        return new Fixed(0);
    }

    static LocalClock of(ZoneId zone) {
        ZoneRules rules = zone.getRules();
        if (rules.isFixedOffset()) {
            return new Fixed(rules.getOffset(Instant.EPOCH).getTotalSeconds());
        }
        return new Zoned(zone, rules);
    }

    /** Seconds of the (possibly denormalized) local fields counted as if they were UTC. */
    static long localSeconds(int year, int mon, int mday, int hour, int min, int sec) {
        long y = (long) year + Math.floorDiv(mon, 12);
        int m = Math.floorMod(mon, 12);
        long days = Civil.daysFromCivil(y, m + 1, 1) + mday - 1L;
        return days * 86400L + hour * 3600L + min * 60L + sec;
    }

    final void fill(Tm tm, long local, int isdst) {
        long days = Math.floorDiv(local, 86400L);
        int secs = (int) Math.floorMod(local, 86400L);
        Civil.civilFromDays(days, ymd);
        tm.year = ymd[0];
        tm.mon = ymd[1] - 1;
        tm.mday = ymd[2];
        tm.hour = secs / 3600;
        tm.min = secs / 60 % 60;
        tm.sec = secs % 60;
        tm.isdst = isdst;
        tm.wday = (int) Math.floorMod(days + 4, 7L);
    }

    /** UTC (timegm/gmtime) or a zone that has a single offset for all time. */
    static final class Fixed extends LocalClock {
        private final int offset;

        Fixed(int offset) {
            this.offset = offset;
        }

        @Override
        long mktime(Tm tm) {
            long local = localSeconds(tm.year, tm.mon, tm.mday, tm.hour, tm.min, tm.sec);
            fill(tm, local, 0);
            return local - offset;
        }

        @Override
        void localtime(long t, Tm tm) {
            fill(tm, t + offset, 0);
        }
    }

    /** A zone with transitions: glibc's mktime() probing, driven by {@link ZoneRules}. */
    static final class Zoned extends LocalClock {
        private static final int STRIDE = 601200;
        private static final int DURATION_MAX = 536454000;
        private static final int DELTA_BOUND = DURATION_MAX / 2 + STRIDE;

        private final ZoneRules rules;
        private final NegativeDst negativeDst;

        /** glibc's localtime_offset: UTC minus local time of the previous mktime() result. */
        private long guess;

        // One-entry cache of the offset around the last instant looked up.
        private long cacheFrom = Long.MAX_VALUE;
        private long cacheUntil = Long.MIN_VALUE;
        private int cacheOffset;

        Zoned(ZoneId zone, ZoneRules rules) {
            this.rules = rules;
            this.negativeDst = NegativeDst.of(zone.getId());
        }

        int offset(long t) {
            if (t >= cacheFrom && t < cacheUntil) {
                return cacheOffset;
            }
            Instant i = Instant.ofEpochSecond(t);
            int off = rules.getOffset(i).getTotalSeconds();
            // Remember the offset until the surrounding transitions: most look-ups of one
            // computation fall between the same two transitions.
            var next = rules.nextTransition(i);
            var prev = rules.previousTransition(i.plusSeconds(1));
            long from = prev == null ? Long.MIN_VALUE : prev.toEpochSecond();
            long until = next == null ? Long.MAX_VALUE : next.toEpochSecond();
            if (from <= t && t < until) {
                cacheFrom = from;
                cacheUntil = until;
                cacheOffset = off;
            }
            return off;
        }

        boolean isDst(long t) {
            Instant i = Instant.ofEpochSecond(t);
            boolean dst = rules.isDaylightSavings(i);
            return negativeDst != null && negativeDst.inverted(t) ? !dst : dst;
        }

        @Override
        void localtime(long t, Tm tm) {
            fill(tm, t + offset(t), isDst(t) ? 1 : 0);
        }

        @Override
        long mktime(Tm tm) {
            int sec = tm.sec;
            final int secRequested = sec;
            if (sec < 0) {
                sec = 0;
            }
            if (sec > 59) {
                sec = 59;
            }
            final long local = localSeconds(tm.year, tm.mon, tm.mday, tm.hour, tm.min, sec);
            final int isdst = tm.isdst;
            final long t0 = local + guess;
            long t = t0;
            long t1 = t0;
            long t2 = t0;
            boolean dst2 = false;
            int remainingProbes = 6;
            boolean oscillating = false;
            for (;;) {
                long dt = local - (t + offset(t));
                if (dt == 0) {
                    break;
                }
                boolean dst = isDst(t);
                if (t == t1 && t != t2 && (isdst < 0 ? (!dst2 || dst) : (isdst != 0) != dst)) {
                    // Oscillating around a gap: settle on this side (glibc's preference).
                    oscillating = true;
                    break;
                }
                if (--remainingProbes == 0) {
                    return -1;
                }
                t1 = t2;
                t2 = t;
                t += dt;
                dst2 = dst;
            }
            if (!oscillating && isdst >= 0 && (isdst != 0) != isDst(t)) {
                // Right fields, wrong isdst: use the offset of a neighbouring time with the right one.
                int dstDifference = (isdst == 0 ? 1 : 0) - (isDst(t) ? 0 : 1);
                boolean found = false;
                search:
                for (int delta = STRIDE; delta < DELTA_BOUND; delta += STRIDE) {
                    for (int direction = -1; direction <= 1; direction += 2) {
                        long ot = t + (long) delta * direction;
                        if ((isdst != 0) == isDst(ot)) {
                            t = ot + (local - (ot + offset(ot)));
                            found = true;
                            break search;
                        }
                    }
                }
                if (!found) {
                    t += 3600L * dstDifference;
                }
            }
            guess = t - local;
            if (secRequested != sec) {
                t += secRequested - sec;
            }
            localtime(t, tm);
            return t;
        }
    }

    /**
     * Zones whose tz source ("vanguard"/main format, which the C library's tzfiles are built from)
     * uses a negative DST amount, so their {@code tm_isdst} is the opposite of what Java's
     * (rearguard) rules say: Ireland's winter time, Morocco's Ramadan time, Namibia's winter time.
     */
    static final class NegativeDst {
        private final long from;
        private final long until;

        private NegativeDst(long from, long until) {
            this.from = from;
            this.until = until;
        }

        static NegativeDst of(String id) {
            switch (id) {
                case "Europe/Dublin":
                case "Eire":
                    return new NegativeDst(epoch(1971, 10, 31, 2), Long.MAX_VALUE);
                case "Africa/Casablanca":
                case "Africa/El_Aaiun":
                    return new NegativeDst(epoch(2018, 10, 28, 2), Long.MAX_VALUE);
                case "Africa/Windhoek":
                    return new NegativeDst(epoch(1994, 3, 20, 22), epoch(2017, 10, 24, 0));
                default:
                    return null;
            }
        }

        private static long epoch(int y, int m, int d, int h) {
            return LocalDateTime.of(y, m, d, h, 0).toEpochSecond(ZoneOffset.UTC);
        }

        boolean inverted(long t) {
            return t >= from && t < until;
        }
    }
}
