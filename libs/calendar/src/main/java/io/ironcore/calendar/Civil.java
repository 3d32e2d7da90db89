package io.ironcore.calendar;

/** Proleptic Gregorian calendar arithmetic on days since 1970-01-01 (allocation-free). */
final class Civil {

    private Civil() {
    }

    /** Days since 1970-01-01 of year-month-day; month 1..12, day may be any value. */
    static long daysFromCivil(long y, int m, long d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    /** {year, month (1..12), day} of days since 1970-01-01. */
    static int[] civilFromDays(long z) {
        int[] r = new int[3];
        civilFromDays(z, r);
        return r;
    }

    static void civilFromDays(long z, int[] out) {
        z += 719468;
        long era = Math.floorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int d = (int) (doy - (153 * mp + 2) / 5 + 1);
        int m = (int) (mp < 10 ? mp + 3 : mp - 9);
        out[0] = (int) (y + (m <= 2 ? 1 : 0));
        out[1] = m;
        out[2] = d;
    }
}
