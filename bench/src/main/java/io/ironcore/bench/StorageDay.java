package io.ironcore.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One simulated day of a fleet of daily jobs, written row for row as the services write it: scheduler-service fires
 * each job's 02:00 tick (tick row, schedule position, ScheduleTick in its outbox); job-service takes the tick (inbox),
 * queues the run (run row, RunRequested in its outbox, the job's last run), and projects the run events (RunStarted,
 * the RunProgress events, RunCompleted with its snapshot in the catalog, or RunFailed for one job in fifty) and the
 * prune pass (PruneCompleted: the snapshots beyond keep-daily are removed), each through its inbox.
 */
final class StorageDay {
    private static final String OUTBOX = "INSERT INTO outbox_event (id, topic, aggregate_id, type, source, subject, "
            + "time, payload) VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb))";
    private static final String INBOX = "INSERT INTO inbox_event (consumer, event_id, event_type, received_at) "
            + "VALUES (?, ?, ?, ?)";
    private final Connection scheduler;
    private final Connection jobs;
    private final List<UUID> jobIds;
    private final Instant slot;
    private final int progressEvents;
    private final int keepDaily;
    private final int day;

    StorageDay(Connection scheduler, Connection jobs, List<UUID> jobIds, Instant midnight, int progressEvents,
               int keepDaily) {
        this.scheduler = scheduler;
        this.jobs = jobs;
        this.jobIds = jobIds;
        this.slot = midnight.plus(Duration.ofHours(2));
        this.progressEvents = progressEvents;
        this.keepDaily = keepDaily;
        this.day = (int) (midnight.getEpochSecond() / 86400);
    }

    void write() throws SQLException {
        List<UUID> runs = new ArrayList<>();
        ticks();
        queue(runs);
        started(runs);
        for (int k = 1; k <= progressEvents; k++) {
            progress(runs, k);
        }
        finished(runs);
        prune();
    }

    private void ticks() throws SQLException {
        Instant fired = slot.plusMillis(300);
        try (PreparedStatement t = scheduler.prepareStatement("INSERT INTO tick (tick_id, job_id, scheduled_for, "
                + "fired_at, catch_up) VALUES (?, ?, ?, ?, false)");
             PreparedStatement s = scheduler.prepareStatement("UPDATE job_schedule SET last_slot = ?, next_due = ? "
                     + "WHERE job_id = ?");
             PreparedStatement o = scheduler.prepareStatement(OUTBOX)) {
            for (UUID job : jobIds) {
                String tickId = job + "@" + slot;
                t.setString(1, tickId);
                t.setString(2, job.toString());
                t.setTimestamp(3, ts(slot));
                t.setTimestamp(4, ts(fired));
                t.addBatch();
                s.setTimestamp(1, ts(slot));
                s.setTimestamp(2, ts(slot.plus(Duration.ofDays(1))));
                s.setString(3, job.toString());
                s.addBatch();
                outbox(o, "ironcore.ticks", job, "io.ironcore.backup.schedule.tick.v1", "/ironcore/scheduler-service",
                        fired, "{\"tickId\":\"" + tickId + "\",\"jobId\":\"" + job + "\",\"kind\":\"job\","
                                + "\"jobName\":\"job\",\"project\":\"default\",\"scheduledFor\":\"" + slot
                                + "\",\"firedAt\":\"" + fired + "\",\"catchUp\":false}");
            }
            t.executeBatch();
            s.executeBatch();
            o.executeBatch();
        }
    }

    private void queue(List<UUID> runs) throws SQLException {
        Instant at = slot.plusSeconds(1);
        try (PreparedStatement i = jobs.prepareStatement(INBOX);
             PreparedStatement r = jobs.prepareStatement("INSERT INTO run (id, job_id, job_name, trigger, tick_id, "
                     + "state, requested_at, action, datastore) VALUES (?, ?, 'job', 'schedule', ?, 'Queued', ?, "
                     + "'backup', 'ibs-primary')");
             PreparedStatement j = jobs.prepareStatement("UPDATE job SET last_run_id = ?, last_run_state = 'Queued', "
                     + "last_run_at = ? WHERE id = ?");
             PreparedStatement o = jobs.prepareStatement(OUTBOX)) {
            for (UUID job : jobIds) {
                UUID run = UUID.randomUUID();
                runs.add(run);
                inbox(i, "job-service.ticks", "io.ironcore.backup.schedule.tick.v1", at);
                r.setObject(1, run);
                r.setObject(2, job);
                r.setString(3, job + "@" + slot);
                r.setTimestamp(4, ts(at));
                r.addBatch();
                j.setObject(1, run);
                j.setTimestamp(2, ts(at));
                j.setObject(3, job);
                j.addBatch();
                outbox(o, "ironcore.run-requests", job, "io.ironcore.backup.run.requested.v1",
                        "/ironcore/job-service", at, "{\"runId\":\"" + run + "\",\"jobId\":\"" + job + "\","
                                + "\"jobName\":\"job\",\"project\":\"default\",\"trigger\":\"schedule\",\"tickId\":\""
                                + job + "@" + slot + "\",\"mode\":\"incremental\",\"sources\":[{\"type\":\"vm\",\"id\":"
                                + "\"12345\",\"disks\":[{\"name\":\"drive-scsi0\",\"path\":\"/srv/images/12345.raw\"}]}],"
                                + "\"datastore\":{\"name\":\"ibs-primary\",\"path\":\"/srv/ds\"},\"namespace\":"
                                + "\"production\",\"requestedAt\":\"" + at + "\"}");
            }
            i.executeBatch();
            r.executeBatch();
            j.executeBatch();
            o.executeBatch();
        }
    }

    private void started(List<UUID> runs) throws SQLException {
        Instant at = slot.plusSeconds(5);
        events(runs.size(), "io.ironcore.backup.run.started.v1", at);
        try (PreparedStatement u = jobs.prepareStatement("UPDATE run SET state = 'Running', started_at = ?, "
                + "worker_id = 'worker-1', attempt = 1 WHERE id = ANY (?)")) {
            u.setTimestamp(1, ts(at));
            u.setArray(2, jobs.createArrayOf("uuid", runs.toArray()));
            u.executeUpdate();
        }
    }

    /** A RunProgress event per run: its inbox row, and the run's one row updated in place. */
    private void progress(List<UUID> runs, int k) throws SQLException {
        Instant at = slot.plusSeconds(5 + 60L * k);
        events(runs.size(), "io.ironcore.backup.run.progress.v1", at);
        try (PreparedStatement u = jobs.prepareStatement("UPDATE run SET bytes_done = ?, bytes_total = ?, "
                + "bytes_per_second = 16000000 WHERE id = ANY (?)")) {
            u.setLong(1, k * 1_000_000_000L);
            u.setLong(2, (progressEvents + 1) * 1_000_000_000L);
            u.setArray(3, jobs.createArrayOf("uuid", runs.toArray()));
            u.executeUpdate();
        }
    }

    private void finished(List<UUID> runs) throws SQLException {
        Instant at = slot.plusSeconds(65 + 60L * progressEvents);
        events(runs.size(), "io.ironcore.backup.run.completed.v1", at);
        try (PreparedStatement done = jobs.prepareStatement("UPDATE run SET state = 'Completed', finished_at = ?, "
                + "stats = CAST(? AS jsonb), snapshots = CAST(? AS jsonb) WHERE id = ?");
             PreparedStatement failed = jobs.prepareStatement("UPDATE run SET state = 'Failed', finished_at = ?, "
                     + "reason = 'datastore unreachable' WHERE id = ?");
             PreparedStatement snap = jobs.prepareStatement("INSERT INTO snapshot (snapshot_id, job_id, run_id, "
                     + "datastore, namespace, source_id, created_at, size_bytes) VALUES (?, ?, ?, 'ibs-primary', "
                     + "'production', '12345', ?, 21474836480)");
             PreparedStatement job = jobs.prepareStatement("UPDATE job SET last_run_state = ?, last_run_at = ? "
                     + "WHERE id = ?")) {
            for (int n = 0; n < runs.size(); n++) {
                UUID run = runs.get(n);
                UUID jobId = jobIds.get(n);
                boolean fails = (n + day) % 50 == 0;
                if (fails) {
                    failed.setTimestamp(1, ts(at));
                    failed.setObject(2, run);
                    failed.addBatch();
                } else {
                    String snapshotId = "job-" + n + "/vm/12345/" + slot;
                    done.setTimestamp(1, ts(at));
                    done.setString(2, "{\"bytesRead\":21474836480,\"bytesWritten\":214748364,\"chunksNew\":51,"
                            + "\"chunksReused\":5069}");
                    done.setString(3, "[{\"sourceId\":\"12345\",\"snapshotId\":\"" + snapshotId
                            + "\",\"sizeBytes\":21474836480}]");
                    done.setObject(4, run);
                    done.addBatch();
                    snap.setString(1, snapshotId);
                    snap.setObject(2, jobId);
                    snap.setObject(3, run);
                    snap.setTimestamp(4, ts(slot));
                    snap.addBatch();
                }
                job.setString(1, fails ? "Failed" : "Completed");
                job.setTimestamp(2, ts(at));
                job.setObject(3, jobId);
                job.addBatch();
            }
            done.executeBatch();
            failed.executeBatch();
            snap.executeBatch();
            job.executeBatch();
        }
    }

    /** The prune pass after each run: keep-daily=N keeps the newest snapshot of each of the last N days. */
    private void prune() throws SQLException {
        Instant at = slot.plus(Duration.ofHours(1));
        try (PreparedStatement i = jobs.prepareStatement(INBOX)) {
            for (int n = 0; n < jobIds.size(); n++) {
                inbox(i, "job-service.snapshots", "io.ironcore.backup.prune.completed.v1", at);
            }
            i.executeBatch();
        }
        try (PreparedStatement p = jobs.prepareStatement("UPDATE snapshot SET removed_at = ?, removed_why = "
                + "'keep-daily=" + keepDaily + "' WHERE removed_at IS NULL AND created_at <= ?")) {
            p.setTimestamp(1, ts(at));
            p.setTimestamp(2, ts(slot.minus(Duration.ofDays(keepDaily))));
            p.executeUpdate();
        }
    }

    private void events(int count, String type, Instant at) throws SQLException {
        try (PreparedStatement i = jobs.prepareStatement(INBOX)) {
            for (int n = 0; n < count; n++) {
                inbox(i, "job-service.run-history", type, at);
            }
            i.executeBatch();
        }
    }

    private static void inbox(PreparedStatement i, String consumer, String type, Instant at) throws SQLException {
        i.setString(1, consumer);
        i.setString(2, UUID.randomUUID().toString());
        i.setString(3, type);
        i.setTimestamp(4, ts(at));
        i.addBatch();
    }

    private static void outbox(PreparedStatement o, String topic, UUID job, String type, String source, Instant at,
                               String payload) throws SQLException {
        o.setObject(1, UUID.randomUUID());
        o.setString(2, topic);
        o.setString(3, job.toString());
        o.setString(4, type);
        o.setString(5, source);
        o.setString(6, "jobs/" + job);
        o.setTimestamp(7, ts(at));
        o.setString(8, payload);
        o.addBatch();
    }

    private static Timestamp ts(Instant i) {
        return Timestamp.from(i);
    }
}
