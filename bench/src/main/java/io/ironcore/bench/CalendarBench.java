package io.ironcore.bench;

import io.ironcore.calendar.CalendarEvent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Parses 100,000 mixed schedules and computes every next elapse, as the scheduler does at start; reports the time
 * (best of 5 after a warm-up) and the heap the parsed schedules hold. The peer, in the same run: systemd-analyze
 * calendar computing the next elapse of 2,000 of the same expressions (when it is installed).
 */
public final class CalendarBench {
    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Random random = new Random(7);
        String[] expressions = new String[jobs];
        ZoneId[] zones = new ZoneId[jobs];
        for (int i = 0; i < jobs; i++) {
            expressions[i] = Schedules.next(random);
            zones[i] = Schedules.ZONES[random.nextInt(Schedules.ZONES.length)];
        }
        long heapBefore = Stats.usedHeapAfterGc();
        long parseStart = System.nanoTime();
        CalendarEvent[] events = new CalendarEvent[jobs];
        for (int i = 0; i < jobs; i++) {
            events[i] = CalendarEvent.parse(expressions[i]);
        }
        long parseNanos = System.nanoTime() - parseStart;
        long heapAfter = Stats.usedHeapAfterGc();
        Instant base = Instant.parse("2026-03-28T22:17:13Z");
        long best = Long.MAX_VALUE;
        long first = 0;
        for (int run = 0; run < 6; run++) {
            long start = System.nanoTime();
            long found = 0;
            for (int i = 0; i < jobs; i++) {
                if (events[i].next(base, zones[i]).isPresent()) {
                    found++;
                }
            }
            long elapsed = System.nanoTime() - start;
            if (run == 0) {
                first = elapsed;
            } else {
                best = Math.min(best, elapsed);
            }
            if (found != jobs) {
                throw new IllegalStateException("expected every schedule to elapse, got " + found);
            }
        }
        System.out.printf("calendar: %,d schedules%n", jobs);
        System.out.printf("  parse all:                 %6d ms%n", TimeUnit.NANOSECONDS.toMillis(parseNanos));
        System.out.printf("  every next elapse (cold):  %6d ms%n", TimeUnit.NANOSECONDS.toMillis(first));
        System.out.printf("  every next elapse (best):  %6d ms  (%.2f us each)%n", TimeUnit.NANOSECONDS.toMillis(best),
                best / 1000.0 / jobs);
        System.out.printf("  heap held by the parsed schedules: %.1f MiB (%d bytes each)%n",
                (heapAfter - heapBefore) / 1048576.0, (heapAfter - heapBefore) / jobs);
        peer(expressions, base);
        System.out.println(events.length > 0 ? "" : "");
    }

    /** systemd-analyze calendar on 2,000 of the expressions, in UTC, one process per 500. */
    private static void peer(String[] expressions, Instant base) throws IOException, InterruptedException {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        if (!Files.isExecutable(analyze)) {
            System.out.println("  peer: systemd-analyze not installed");
            return;
        }
        int n = Math.min(2000, expressions.length);
        long start = System.nanoTime();
        for (int from = 0; from < n; from += 500) {
            List<String> cmd = new ArrayList<>(List.of(analyze.toString(), "calendar", "--base-time=@"
                    + base.getEpochSecond()));
            for (int i = from; i < Math.min(n, from + 500); i++) {
                cmd.add(expressions[i]);
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("TZ", "UTC");
            Process p = pb.start();
            new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("  peer: systemd-analyze calendar, %,d expressions in 4 processes: %d ms "
                + "(%.1f us each, including its start-up)%n", n, ms, ms * 1000.0 / n);
    }
}
