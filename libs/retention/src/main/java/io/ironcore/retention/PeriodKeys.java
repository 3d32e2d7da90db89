package io.ironcore.retention;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * Local-time period keys as plain {@code long}s, without allocating a ZonedDateTime per snapshot.
 *
 * <p>All keys derive from the local wall-clock seconds {@code epochSecond + offset} in the
 * policy's zone, which is exactly what {@code strftime} with the local zone formats in PBS:
 * <ul>
 *   <li>hourly: local seconds / 3600 (the repeated hour of a DST fall-back day is one period,
 *       like PBS's {@code %Y/%m/%d/%H});</li>
 *   <li>daily: the local epoch day;</li>
 *   <li>weekly: the number of the ISO week (weeks start on Monday; the key of the Monday's epoch
 *       day is {@code floorDiv(day + 3, 7)}), equivalent to PBS's {@code %G/%V};</li>
 *   <li>monthly: {@code year * 12 + month - 1}; yearly: the calendar year.</li>
 * </ul>
 */
final class PeriodKeys {

    private static final int SECONDS_PER_HOUR = 3600;
    private static final int SECONDS_PER_DAY = 86_400;

    private PeriodKeys() {
    }

    /**
     * The local wall-clock second of every instant, indexed like {@code times}.
     *
     * @param ascending the indices of {@code times} in ascending time order; the offset of the
     *                  current zone interval is reused until the next transition
     */
    static long[] localSeconds(Instant[] times, int[] ascending, ZoneRules rules) {
        long[] local = new long[times.length];
        if (rules.isFixedOffset()) {
            int offset = rules.getOffset(Instant.EPOCH).getTotalSeconds();
            for (int i = 0; i < times.length; i++) {
                local[i] = times[i].getEpochSecond() + offset;
            }
            return local;
        }
        boolean cacheable = true;
        long validBefore = Long.MIN_VALUE; // the cached offset holds for [last lookup, validBefore)
        int offset = 0;
        for (int idx : ascending) {
            Instant t = times[idx];
            long sec = t.getEpochSecond();
            if (sec >= validBefore) {
                offset = rules.getOffset(t).getTotalSeconds();
                if (cacheable) {
                    ZoneOffsetTransition next = rules.nextTransition(t);
                    if (next != null) {
                        validBefore = next.toEpochSecond();
                    } else if (rules.getTransitionRules().isEmpty()) {
                        validBefore = Long.MAX_VALUE;
                    } else {
                        cacheable = false; // unusual rules: look every instant up
                        validBefore = Long.MIN_VALUE;
                    }
                }
            }
            local[idx] = sec + offset;
        }
        return local;
    }

    /** The period key of {@code window} (not {@link Window#LAST}) for a local wall-clock second. */
    static long key(Window window, long localSecond) {
        switch (window) {
            case HOURLY:
                return Math.floorDiv(localSecond, SECONDS_PER_HOUR);
            case DAILY:
                return Math.floorDiv(localSecond, SECONDS_PER_DAY);
            case WEEKLY:
                return Math.floorDiv(Math.floorDiv(localSecond, SECONDS_PER_DAY) + 3, 7);
            case MONTHLY:
                return yearMonth(Math.floorDiv(localSecond, SECONDS_PER_DAY));
            case YEARLY:
                return Math.floorDiv(yearMonth(Math.floorDiv(localSecond, SECONDS_PER_DAY)), 12);
            default:
                throw new IllegalArgumentException("no period key for " + window);
        }
    }

    /**
     * {@code year * 12 + (month - 1)} of a proleptic Gregorian epoch day (days since 1970-01-01),
     * using H. Hinnant's civil-from-days algorithm: pure arithmetic, no allocation.
     */
    static long yearMonth(long epochDay) {
        long z = epochDay + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;                                   // [0, 146096]
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);              // [0, 365], from March 1st
        long mp = (5 * doy + 2) / 153;                                   // [0, 11], March = 0
        long month = mp < 10 ? mp + 3 : mp - 9;                          // [1, 12]
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        return year * 12 + month - 1;
    }

    /** A readable name of the period {@code key} of {@code window}: 2024-10-27T02, 2024-10-27, 2020-W53, 2024-01, 2024. */
    static String label(Window window, long key) {
        switch (window) {
            case HOURLY: {
                LocalDateTime start = LocalDateTime.ofEpochSecond(key * SECONDS_PER_HOUR, 0, ZoneOffset.UTC);
                int hour = start.getHour();
                return start.toLocalDate() + (hour < 10 ? "T0" : "T") + hour;
            }
            case DAILY:
                return LocalDate.ofEpochDay(key).toString();
            case WEEKLY: {
                // the week's Monday is epoch day key * 7 - 3; its Thursday decides the ISO year
                LocalDate thursday = LocalDate.ofEpochDay(key * 7);
                int week = (thursday.getDayOfYear() - 1) / 7 + 1;
                return thursday.getYear() + (week < 10 ? "-W0" : "-W") + week;
            }
            case MONTHLY: {
                return YearMonth.of(Math.toIntExact(Math.floorDiv(key, 12)), (int) Math.floorMod(key, 12) + 1)
                        .toString();
            }
            case YEARLY:
                return Year.of(Math.toIntExact(key)).toString();
            default:
                throw new IllegalArgumentException("no period label for " + window);
        }
    }
}
