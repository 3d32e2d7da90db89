package io.ironcore.bench;

import io.ironcore.retention.PruneResult;
import io.ironcore.retention.Retention;
import io.ironcore.retention.RetentionPolicy;
import io.ironcore.retention.RetentionCandidate;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The Prune Simulator on 100,000 snapshots (hourly for about 11 years, shuffled as a listing may come) with the
 * product page's combined windows: best of 10 after warm-up, and the first (cold) call.
 */
public final class RetentionBench {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        List<RetentionCandidate> snapshots = new ArrayList<>(n);
        Instant t = Instant.parse("2015-01-01T02:00:00Z");
        for (int i = 0; i < n; i++) {
            snapshots.add(RetentionCandidate.of("s" + i, t.plusSeconds(3600L * i)));
        }
        Collections.shuffle(snapshots, new Random(3));
        RetentionPolicy policy = RetentionPolicy.parse("keep-last=3, keep-hourly=24, keep-daily=7, keep-weekly=4, "
                + "keep-monthly=12, keep-yearly=10");
        ZoneId zone = ZoneId.of("Europe/Berlin");
        long cold = time(policy, snapshots, zone);
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            best = Math.min(best, time(policy, snapshots, zone));
        }
        PruneResult r = Retention.apply(policy, snapshots, zone);
        System.out.printf("retention: %,d snapshots, policy %s, zone %s%n", n, policy, zone);
        System.out.printf("  kept %d, removed %d%n", r.keptCount(), r.removedCount());
        System.out.printf("  first call (cold JVM): %d ms%n", TimeUnit.NANOSECONDS.toMillis(cold));
        System.out.printf("  best of 10 (warm):     %d ms%n", TimeUnit.NANOSECONDS.toMillis(best));
    }

    private static long time(RetentionPolicy policy, List<RetentionCandidate> snapshots, ZoneId zone) {
        long start = System.nanoTime();
        PruneResult r = Retention.apply(policy, snapshots, zone);
        long elapsed = System.nanoTime() - start;
        if (r.decisions().size() != snapshots.size()) {
            throw new IllegalStateException();
        }
        return elapsed;
    }
}
