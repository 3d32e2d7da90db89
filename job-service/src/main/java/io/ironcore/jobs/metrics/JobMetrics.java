package io.ironcore.jobs.metrics;

import io.ironcore.eventing.metrics.FleetMetrics;
import io.ironcore.eventing.metrics.Series;
import io.ironcore.jobs.service.NextRun;
import io.prometheus.client.Collector.MetricFamilySamples;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The business metrics of jobs, runs, prunes, GC and syncs, read from job-service's projection of the event log at
 * each scrape (exported by one instance: {@link FleetMetrics}). Only existing jobs, datastores and sync jobs have
 * series; no run or snapshot id is a label.
 */
@ApplicationScoped
public class JobMetrics implements FleetMetrics.FleetSeries {
    private static final String[] JOB = {"project", "job"};

    /** A schedule's next elapse, valid until it passes. */
    private record Next(Instant at) {
    }

    private final Map<String, Next> nextRuns = new ConcurrentHashMap<>();

    @Inject
    DataSource dataSource;
    @Inject
    Clock clock;

    @Override
    public List<MetricFamilySamples> get() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            Series runs = Series.counter("ironcore_runs", "Finished runs, by what they did (type: backup, verify, gc),"
                    + " mode and status (Completed, Failed, Skipped).", "project", "job", "type", "mode", "status");
            try (ResultSet r = s.executeQuery("SELECT j.project, j.name, t.action, t.mode, t.status, t.runs "
                    + "FROM run_total t JOIN job j ON j.id = t.job_id")) {
                while (r.next()) {
                    runs.add(r.getLong(6), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                            r.getString(5));
                }
            }
            Series duration = Series.histogram("ironcore_run_duration_seconds",
                    "How long completed runs took, from start to completion.", MetricTotals.DURATION_BUCKETS,
                    "project", "job", "mode");
            Series bytes = Series.counter("ironcore_run_bytes",
                    "Bytes completed runs read from their sources, found changed, and wrote to the datastore.",
                    "project", "job", "kind");
            try (ResultSet r = s.executeQuery("SELECT j.project, j.name, d.mode, d.buckets, d.sum_seconds "
                    + "FROM run_duration d JOIN job j ON j.id = d.job_id")) {
                while (r.next()) {
                    duration.observed(longs(r.getArray(4)), r.getDouble(5), r.getString(1), r.getString(2),
                            r.getString(3));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT j.project, j.name, sum(d.bytes_read), sum(d.bytes_changed), "
                    + "sum(d.bytes_written) FROM run_duration d JOIN job j ON j.id = d.job_id "
                    + "GROUP BY j.project, j.name")) {
                while (r.next()) {
                    bytes.add(r.getLong(3), r.getString(1), r.getString(2), "read");
                    bytes.add(r.getLong(4), r.getString(1), r.getString(2), "changed");
                    bytes.add(r.getLong(5), r.getString(1), r.getString(2), "written");
                }
            }
            Series lastSuccess = Series.gauge("ironcore_job_last_success_timestamp_seconds",
                    "When the job's newest completed run finished (Unix time).", JOB);
            Series nextRun = Series.gauge("ironcore_job_next_run_timestamp_seconds",
                    "When the job's schedule fires next (Unix time); absent while paused or without a schedule.", JOB);
            Series breached = Series.gauge("ironcore_job_rpo_breached",
                    "1 while the job is at risk: its newest good snapshot is older than its RPO, it never had one, or it"
                            + " is paused; else 0. Backup jobs with an RPO only.", JOB);
            Series rpo = Series.gauge("ironcore_job_rpo_seconds", "The RPO the job is measured against.", JOB);
            Instant now = clock.instant();
            try (ResultSet r = s.executeQuery("SELECT j.project, j.name, j.last_success_at, j.enabled, j.schedule, "
                    + "j.timezone, c.state, c.rpo_seconds FROM job j LEFT JOIN job_compliance c ON c.job_id = j.id")) {
                while (r.next()) {
                    String project = r.getString(1);
                    String job = r.getString(2);
                    Timestamp success = r.getTimestamp(3);
                    if (success != null) {
                        lastSuccess.add(success.getTime() / 1000.0, project, job);
                    }
                    Instant next = r.getBoolean(4) ? nextRun(r.getString(5), r.getString(6), now) : null;
                    if (next != null) {
                        nextRun.add(next.getEpochSecond(), project, job);
                    }
                    String state = r.getString(7);
                    if (state != null) {
                        boolean atRisk = "never-protected".equals(state) || "stale".equals(state)
                                || "paused".equals(state);
                        breached.add(atRisk ? 1 : 0, project, job);
                        rpo.add(r.getLong(8), project, job);
                    }
                }
            }
            Series pruneRuns = Series.counter("ironcore_prune_runs",
                    "Prune passes after the job's backups, by status (Completed, Failed).", "project", "job", "status");
            Series pruneRemoved = Series.counter("ironcore_prune_snapshots_removed",
                    "Snapshots the job's prune passes removed.", JOB);
            try (ResultSet r = s.executeQuery("SELECT j.project, j.name, p.status, p.runs "
                    + "FROM prune_total p JOIN job j ON j.id = p.job_id")) {
                while (r.next()) {
                    pruneRuns.add(r.getLong(4), r.getString(1), r.getString(2), r.getString(3));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT j.project, j.name, sum(p.snapshots_removed) "
                    + "FROM prune_total p JOIN job j ON j.id = p.job_id GROUP BY j.project, j.name")) {
                while (r.next()) {
                    pruneRemoved.add(r.getLong(3), r.getString(1), r.getString(2));
                }
            }
            Series gcRuns = Series.counter("ironcore_gc_runs", "Completed garbage collections of the datastore.",
                    "datastore");
            Series gcFreed = Series.counter("ironcore_gc_bytes_freed", "Bytes garbage collection freed.",
                    "datastore");
            Series gcRemoved = Series.counter("ironcore_gc_chunks_removed", "Chunks garbage collection removed.",
                    "datastore");
            try (ResultSet r = s.executeQuery("SELECT datastore, runs, bytes_freed, chunks_removed FROM gc_total")) {
                while (r.next()) {
                    gcRuns.add(r.getLong(2), r.getString(1));
                    gcFreed.add(r.getLong(3), r.getString(1));
                    gcRemoved.add(r.getLong(4), r.getString(1));
                }
            }
            Series syncRuns = Series.counter("ironcore_sync_runs",
                    "Sync runs of the sync job, by status (Completed, Failed).", "project", "sync_job", "status");
            Series syncBytes = Series.counter("ironcore_sync_bytes", "Bytes the sync job's completed runs copied.",
                    "project", "sync_job");
            try (ResultSet r = s.executeQuery("SELECT j.project, j.name, t.status, t.runs "
                    + "FROM sync_total t JOIN sync_job j ON j.id = t.sync_job_id")) {
                while (r.next()) {
                    syncRuns.add(r.getLong(4), r.getString(1), r.getString(2), r.getString(3));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT j.project, j.name, sum(t.bytes) "
                    + "FROM sync_total t JOIN sync_job j ON j.id = t.sync_job_id GROUP BY j.project, j.name")) {
                while (r.next()) {
                    syncBytes.add(r.getLong(3), r.getString(1), r.getString(2));
                }
            }
            return List.of(runs.family(), duration.family(), bytes.family(), lastSuccess.family(), nextRun.family(),
                    breached.family(), rpo.family(), pruneRuns.family(), pruneRemoved.family(), gcRuns.family(),
                    gcFreed.family(), gcRemoved.family(), syncRuns.family(), syncBytes.family());
        } catch (SQLException e) {
            throw new IllegalStateException("reading the metrics' totals: " + e.getMessage(), e);
        }
    }

    private Instant nextRun(String schedule, String timezone, Instant now) {
        if (schedule == null) {
            return null;
        }
        String key = schedule + "\n" + timezone;
        Next n = nextRuns.get(key);
        if (n == null || n.at() == null || !n.at().isAfter(now)) {
            n = new Next(NextRun.of(schedule, timezone, now));
            nextRuns.put(key, n);
        }
        return n.at();
    }

    private static long[] longs(Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = ((Number) values[i]).longValue();
        }
        return out;
    }
}
