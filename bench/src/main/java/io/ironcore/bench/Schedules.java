package io.ironcore.bench;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Random;

/** A mix of schedules as operators write them: mostly daily, hourly and weekly, some sub-hourly and monthly. */
final class Schedules {
    static final ZoneId[] ZONES = {ZoneOffset.UTC, ZoneId.of("Europe/Berlin"), ZoneId.of("America/New_York"),
            ZoneId.of("Asia/Kolkata"), ZoneId.of("Australia/Sydney")};
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

    private Schedules() {
    }

    /** One schedule; the time of day is spread so that slots do not all fall on the same second. */
    static String next(Random r) {
        int h = r.nextInt(24);
        int m = r.nextInt(60);
        int s = r.nextInt(60);
        return switch (r.nextInt(10)) {
            case 0, 1, 2 -> String.format("%02d:%02d:%02d", h, m, s);                        // daily
            case 3, 4 -> String.format("*-*-* *:%02d:%02d", m, s);                            // hourly
            case 5 -> String.format("%s %02d:%02d", DAYS[r.nextInt(7)], h, m);                // weekly
            case 6 -> String.format("Mon..Fri %02d:%02d", h, m);                              // workdays
            case 7 -> String.format("*-*-%02d %02d:%02d", 1 + r.nextInt(28), h, m);           // monthly
            case 8 -> String.format("*:%02d/15:%02d", r.nextInt(15), s);                       // every 15 minutes
            default -> String.format("*:%02d/5:%02d", r.nextInt(5), s);                        // every 5 minutes
        };
    }
}
