package io.ironcore.bench;

import io.ironcore.eventing.purge.EventStorePurge;
import io.ironcore.jobs.service.RunHistoryPurge;
import io.ironcore.scheduler.purge.TickPurge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One side of the storage benchmark: a scheduler-service database and a job-service database with the services' own
 * migrations, written day by day as the services write them for a fleet of daily jobs, and, when purging, purged
 * with the services' own purge code. The outbox relay is played by advancing each database's replication slot.
 */
final class StorageSide implements AutoCloseable {
    record Retention(Duration outbox, Duration inbox, Duration ticks, Duration horizon) {
    }

    private static final int BATCH = 5000;
    final String name;
    private final boolean purging;
    private final Retention retention;
    private final Connection scheduler;
    private final Connection jobs;
    private final EventStorePurge schedulerEvents = new EventStorePurge();
    private final EventStorePurge jobEvents = new EventStorePurge();
    private final List<UUID> jobIds = new ArrayList<>();

    StorageSide(String name, boolean purging, Retention retention, Connection scheduler, Connection jobs, Path repo)
            throws SQLException, IOException {
        this.name = name;
        this.purging = purging;
        this.retention = retention;
        this.scheduler = scheduler;
        this.jobs = jobs;
        migrate(scheduler, repo, "scheduler-service");
        migrate(jobs, repo, "job-service");
        if (purging) {
            exec(scheduler, "SELECT pg_create_logical_replication_slot('" + slot(scheduler) + "', 'pgoutput')");
            exec(jobs, "SELECT pg_create_logical_replication_slot('" + slot(jobs) + "', 'pgoutput')");
        }
    }

    /** The eventing schema (V0.1), then the service's migrations in version order, as Flyway applies them. */
    private static void migrate(Connection c, Path repo, String service) throws SQLException, IOException {
        List<Path> files = new ArrayList<>();
        files.add(repo.resolve("libs/eventing/src/main/resources/db/eventing/V0_1__outbox_inbox.sql"));
        try (Stream<Path> s = Files.list(repo.resolve(service + "/src/main/resources/db/migration"))) {
            s.filter(p -> p.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString()
                            .substring(1, p.getFileName().toString().indexOf("__")))))
                    .forEach(files::add);
        }
        c.setAutoCommit(true);
        for (Path f : files) {
            exec(c, Files.readString(f));
        }
    }

    /** The fleet: jobs in job-service, their daily 02:00 schedules in scheduler-service. */
    void createJobs(int count, Instant at) throws SQLException {
        exec(jobs, "INSERT INTO datastore (name, path, created_at) VALUES ('ibs-primary', '/srv/ds', now())");
        try (PreparedStatement j = jobs.prepareStatement("INSERT INTO job (id, project, name, type, source_ids, "
                + "datastore, namespace, mode, schedule, timezone, retention, notification_mode, enabled, version, "
                + "created_at, updated_at) VALUES (?, 'default', ?, 'vm', '[\"12345\"]', 'ibs-primary', 'production', "
                + "'incremental', '02:00', 'UTC', 'keep-daily=7', 'errors', true, 1, ?, ?)");
             PreparedStatement s = scheduler.prepareStatement("INSERT INTO job_schedule (job_id, job_name, schedule, "
                     + "timezone, enabled, updated_at, version, kind, project, partition, next_due) VALUES (?, ?, "
                     + "'02:00', 'UTC', true, ?, 1, 'job', 'default', ?, ?)")) {
            for (int i = 0; i < count; i++) {
                UUID id = UUID.randomUUID();
                jobIds.add(id);
                j.setObject(1, id);
                j.setString(2, "job-" + i);
                j.setTimestamp(3, Timestamp.from(at));
                j.setTimestamp(4, Timestamp.from(at));
                j.addBatch();
                s.setString(1, id.toString());
                s.setString(2, "job-" + i);
                s.setTimestamp(3, Timestamp.from(at));
                s.setInt(4, i % 6);
                s.setTimestamp(5, Timestamp.from(at));
                s.addBatch();
            }
            j.executeBatch();
            s.executeBatch();
        }
    }

    /** One simulated day, written as the services write it. */
    void day(Instant midnight, int progressEvents, int keepDaily) throws SQLException {
        new StorageDay(scheduler, jobs, jobIds, midnight, progressEvents, keepDaily).write();
    }

    /**
     * The purges as the services run them, at simulated time {@code now}: first the relays confirm what they
     * published (the slots advance to the current WAL position), then each service purges its outbox and inbox
     * (libs/eventing), scheduler-service its ticks and job-service its run history.
     */
    void purge(Instant now) throws SQLException {
        if (!purging) {
            return;
        }
        for (Connection c : List.of(scheduler, jobs)) {
            exec(c, "SELECT pg_replication_slot_advance('" + slot(c) + "', pg_current_wal_insert_lsn())");
        }
        events(scheduler, schedulerEvents, now);
        events(jobs, jobEvents, now);
        TickPurge.run(scheduler, now.minus(retention.ticks()), BATCH);
        RunHistoryPurge.run(jobs, now.minus(retention.horizon()), 1000);
    }

    /**
     * EventStorePurge reads the database server's clock, which does not move with the simulation (the simulated month
     * ends before the real now): each retention is lengthened by exactly how far the server's now is ahead of the
     * simulated now, so its cutoff falls where the service's would.
     */
    private void events(Connection c, EventStorePurge purge, Instant now) throws SQLException {
        Duration ahead = Duration.between(now, serverNow(c));
        purge.run(c, slot(c), retention.outbox().plus(ahead), retention.inbox().plus(ahead), BATCH);
    }

    /**
     * A day of autovacuum, in a moment: the simulated day takes seconds, too short for autovacuum (which wakes every
     * minute) to keep up with it as it does with a real day. Plain VACUUM, as autovacuum runs it: the space of dead
     * rows becomes reusable, nothing is given back to the file system. Both sides get it.
     */
    void vacuum() throws SQLException {
        for (String t : List.of("tick", "job_schedule", "outbox_event", "inbox_event")) {
            exec(scheduler, "VACUUM (ANALYZE) " + t);
        }
        for (String t : List.of("run", "job", "snapshot", "outbox_event", "inbox_event")) {
            exec(jobs, "VACUUM (ANALYZE) " + t);
        }
    }

    /** The row counts of the tables that grow with the fleet's work. */
    Map<String, Long> counts() throws SQLException {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("tick", count(scheduler, "tick"));
        m.put("run", count(jobs, "run"));
        m.put("snapshot", count(jobs, "snapshot"));
        m.put("outbox", count(scheduler, "outbox_event") + count(jobs, "outbox_event"));
        m.put("inbox", count(scheduler, "inbox_event") + count(jobs, "inbox_event"));
        return m;
    }

    /** Bytes of those tables with their indexes. */
    long bytes() throws SQLException {
        return size(scheduler, "tick", "outbox_event", "inbox_event")
                + size(jobs, "run", "snapshot", "outbox_event", "inbox_event");
    }

    /** What the purges must never take, counted: each is 0 when nothing needed went. */
    Map<String, Long> violations() throws SQLException {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("live snapshots without their run", scalar(jobs, "SELECT count(*) FROM snapshot s WHERE "
                + "s.removed_at IS NULL AND NOT EXISTS (SELECT 1 FROM run r WHERE r.id = s.run_id)"));
        m.put("jobs without their last run", scalar(jobs, "SELECT count(*) FROM job j WHERE j.last_run_id IS NOT "
                + "NULL AND NOT EXISTS (SELECT 1 FROM run r WHERE r.id = j.last_run_id)"));
        m.put("schedules without their latest tick", scalar(scheduler, "SELECT count(*) FROM job_schedule s WHERE "
                + "s.last_slot IS NOT NULL AND NOT EXISTS (SELECT 1 FROM tick t WHERE t.job_id = s.job_id AND "
                + "t.scheduled_for = s.last_slot)"));
        return m;
    }

    long liveSnapshots() throws SQLException {
        return scalar(jobs, "SELECT count(*) FROM snapshot WHERE removed_at IS NULL");
    }

    private static String slot(Connection c) throws SQLException {
        return "bench_" + c.getCatalog();
    }

    private static Instant serverNow(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT now()")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        return scalar(c, "SELECT count(*) FROM " + table);
    }

    private static long size(Connection c, String... tables) throws SQLException {
        long total = 0;
        for (String t : tables) {
            total += scalar(c, "SELECT pg_total_relation_size('" + t + "')");
        }
        return total;
    }

    static long scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        if (purging) {
            for (Connection c : List.of(scheduler, jobs)) {
                exec(c, "SELECT pg_drop_replication_slot('" + slot(c) + "')");
            }
        }
        scheduler.close();
        jobs.close();
    }
}
