package io.ironcore.bench;

import io.ironcore.local.infra.LocalPostgres;
import io.ironcore.local.infra.Ports;
import io.ironcore.local.infra.Scratch;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Bounded storage: a simulated month of a fleet of daily jobs written into real scheduler-service and job-service
 * databases (embedded PostgreSQL, the services' own migrations), twice in the same run: once purged as the services
 * purge (the outbox and inbox of libs/eventing, the ticks, the run history; once a simulated day, after the day's
 * work), once with every purge off (the peer). Prints the row counts of the growing tables per simulated day, then
 * checks that nothing the services need was purged. The last column is the size of those tables with their indexes
 * after a plain VACUUM per simulated day (a day of autovacuum): the space of purged rows is reused, not returned. The retentions are shortened by default so that the plateau
 * shows within the month; each can be given.
 */
public final class StorageBench {
    private static final List<String> TABLES = List.of("tick", "run", "snapshot", "outbox", "inbox");

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        int jobs = Integer.parseInt(o.get("jobs"));
        int days = Integer.parseInt(o.get("days"));
        int progress = Integer.parseInt(o.get("progress"));
        int keepDaily = Integer.parseInt(o.get("keep-daily"));
        StorageSide.Retention retention = new StorageSide.Retention(duration(o.get("outbox-retention")),
                duration(o.get("inbox-retention")), duration(o.get("tick-retention")), duration(o.get("horizon")));
        Path repo = Path.of(System.getProperty("ironcore.repo.root", "."));
        Instant end = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1));
        Instant start = end.minus(Duration.ofDays(days));
        System.out.printf(Locale.ROOT, "%d daily jobs, %d simulated days from %s, %d RunProgress events a run, "
                        + "keep-daily=%d; retentions: outbox %s, inbox %s, ticks %s, run history %s%n", jobs, days,
                start, progress, keepDaily, o.get("outbox-retention"), o.get("inbox-retention"),
                o.get("tick-retention"), o.get("horizon"));

        Path data = Scratch.directory("ironcore-bench-storage-", 4L << 30);
        long began = System.nanoTime();
        try (LocalPostgres pg = LocalPostgres.embedded(data.resolve("postgres"), Ports.free(), false);
             StorageSide purged = side(pg, "purged", true, retention, repo);
             StorageSide peer = side(pg, "peer", false, retention, repo)) {
            purged.createJobs(jobs, start);
            peer.createJobs(jobs, start);
            header();
            Map<String, Long> last = null;
            Map<String, Long> weekAgo = null;
            for (int d = 0; d < days; d++) {
                Instant midnight = start.plus(Duration.ofDays(d));
                Instant evening = midnight.plus(Duration.ofHours(23));
                for (StorageSide side : List.of(purged, peer)) {
                    side.day(midnight, progress, keepDaily);
                    side.purge(evening);
                    side.vacuum();
                }
                Map<String, Long> on = purged.counts();
                Map<String, Long> off = peer.counts();
                row(d + 1, on, off, purged.bytes(), peer.bytes());
                if (d == days - 8) {
                    weekAgo = on;
                }
                last = on;
            }
            System.out.println();
            if (weekAgo != null) {
                System.out.printf(Locale.ROOT, "purged, last 7 days: all tables together %s -> %s rows (%+.1f%%)%n",
                        n(total(weekAgo)), n(total(last)), 100.0 * (total(last) - total(weekAgo)) / total(weekAgo));
            }
            System.out.printf(Locale.ROOT, "on disk (tables and indexes): purged %s MiB, peer %s MiB%n",
                    n(purged.bytes() >> 20), n(peer.bytes() >> 20));
            System.out.printf(Locale.ROOT, "live snapshots: purged %s, peer %s%n", n(purged.liveSnapshots()),
                    n(peer.liveSnapshots()));
            boolean ok = true;
            for (Map.Entry<String, Long> v : purged.violations().entrySet()) {
                System.out.printf(Locale.ROOT, "purged: %s: %d%n", v.getKey(), v.getValue());
                ok &= v.getValue() == 0;
            }
            System.out.printf(Locale.ROOT, "took %d s%n", (System.nanoTime() - began) / 1_000_000_000L);
            if (!ok) {
                System.err.println("a purge took something the services need");
                System.exit(1);
            }
        } finally {
            Scratch.delete(data);
        }
    }

    private static StorageSide side(LocalPostgres pg, String name, boolean purging, StorageSide.Retention retention,
                                    Path repo) throws Exception {
        String scheduler = "bench_scheduler_" + name;
        String jobs = "bench_jobs_" + name;
        pg.ensureDatabase(scheduler);
        pg.ensureDatabase(jobs);
        return new StorageSide(name, purging, retention, connect(pg, scheduler), connect(pg, jobs), repo);
    }

    private static Connection connect(LocalPostgres pg, String db) throws Exception {
        return DriverManager.getConnection(pg.jdbcUrl(db) + "?reWriteBatchedInserts=true", pg.user(), pg.password());
    }

    private static void header() {
        StringBuilder h = new StringBuilder("| day |");
        StringBuilder line = new StringBuilder("|---:|");
        for (String t : TABLES) {
            h.append(' ').append(t).append(" purged / peer |");
            line.append("---:|");
        }
        h.append(" all purged / peer | MiB purged / peer |");
        line.append("---:|---:|");
        System.out.println(h);
        System.out.println(line);
    }

    private static void row(int day, Map<String, Long> on, Map<String, Long> off, long onBytes, long offBytes) {
        StringBuilder r = new StringBuilder(String.format(Locale.ROOT, "| %3d |", day));
        for (String t : TABLES) {
            r.append(' ').append(n(on.get(t))).append(" / ").append(n(off.get(t))).append(" |");
        }
        r.append(' ').append(n(total(on))).append(" / ").append(n(total(off))).append(" |");
        r.append(' ').append(n(onBytes >> 20)).append(" / ").append(n(offBytes >> 20)).append(" |");
        System.out.println(r);
    }

    private static long total(Map<String, Long> m) {
        return m.values().stream().mapToLong(Long::longValue).sum();
    }

    private static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    /** {@code 7d}, {@code 12h} or an ISO-8601 duration. */
    static Duration duration(String s) {
        if (s.matches("\\d+d")) {
            return Duration.ofDays(Long.parseLong(s.substring(0, s.length() - 1)));
        }
        if (s.matches("\\d+h")) {
            return Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1)));
        }
        return Duration.parse(s);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("jobs", "1000");
        o.put("days", "30");
        o.put("progress", "10");
        o.put("keep-daily", "7");
        o.put("outbox-retention", "7d");
        o.put("inbox-retention", "10d");
        o.put("tick-retention", "10d");
        o.put("horizon", "14d");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || !o.containsKey(a.substring(2)) || i + 1 >= args.length) {
                System.err.println("usage: bench/run.sh storage " + o.keySet().stream().map(k -> "[--" + k + " "
                        + o.get(k) + "]").reduce((x, y) -> x + " " + y).orElse(""));
                System.exit(2);
            }
            o.put(a.substring(2), args[++i]);
        }
        for (String k : List.of("jobs", "days", "progress", "keep-daily")) {
            if (!o.get(k).matches("[1-9]\\d*")) {
                System.err.println("--" + k + " must be a positive number");
                System.exit(2);
            }
        }
        return o;
    }
}
