package io.ironcore.jobs.metrics;

import io.ironcore.eventing.metrics.Exposition;
import io.ironcore.eventing.metrics.Family;
import io.ironcore.eventing.metrics.FleetMetrics;
import io.ironcore.eventing.metrics.Series;
import io.ironcore.jobs.service.NextRun;
import io.prometheus.client.Collector.MetricFamilySamples;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
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
        Series.Collected out = Series.collected();
        write(out);
        return out.families();
    }

    /** Straight from the rows into the text format, without a sample object per series. */
    @Override
    public void write(Exposition out) {
        write((Family.Sink) out);
    }

    private void write(Family.Sink out) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            runs(s, out);
            out.flush(); // sent while the next query runs
            durationsAndBytes(s, out);
            out.flush();
            jobs(s, out);
            out.flush();
            prunes(s, out);
            gc(s, out);
            syncs(s, out);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the metrics' totals: " + e.getMessage(), e);
        }
    }

    private static void runs(Statement s, Family.Sink out) throws SQLException {
        Family runs = out.counter("ironcore_runs", "Finished runs, by what they did (type: backup, verify, gc),"
                + " mode and status (Completed, Failed, Skipped).", "project", "job", "type", "mode", "status");
        try (ResultSet r = s.executeQuery("SELECT j.project, j.name, t.action, t.mode, t.status, t.runs "
                + "FROM run_total t JOIN job j ON j.id = t.job_id")) {
            while (r.next()) {
                runs.add(r.getLong(6), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                        r.getString(5));
            }
        }
    }

    /** One row per job and mode: its histogram, and its bytes summed over the job's modes (rows come by job). */
    private static void durationsAndBytes(Statement s, Family.Sink out) throws SQLException {
        Family duration = out.histogram("ironcore_run_duration_seconds",
                "How long completed runs took, from start to completion.", MetricTotals.DURATION_BUCKETS,
                "project", "job", "mode");
        Family bytes = out.counter("ironcore_run_bytes",
                "Bytes completed runs read from their sources, found changed, and wrote to the datastore.",
                "project", "job", "kind");
        PerJob perJob = new PerJob(3, (project, job, sums) -> bytes.add(sums[0], project, job, "read")
                .add(sums[1], project, job, "changed").add(sums[2], project, job, "written"));
        try (ResultSet r = s.executeQuery("SELECT j.project, j.name, d.mode, d.buckets, d.sum_seconds, "
                + "d.bytes_read, d.bytes_changed, d.bytes_written, d.job_id "
                + "FROM run_duration d JOIN job j ON j.id = d.job_id ORDER BY d.job_id")) {
            while (r.next()) {
                duration.observed(buckets(r.getString(4)), r.getDouble(5), r.getString(1), r.getString(2),
                        r.getString(3));
                perJob.add(r.getString(9), r.getString(1), r.getString(2), r.getLong(6), r.getLong(7), r.getLong(8));
            }
        }
        perJob.flush();
    }

    private void jobs(Statement s, Family.Sink out) throws SQLException {
        Family lastSuccess = out.gauge("ironcore_job_last_success_timestamp_seconds",
                "When the job's newest completed run finished (Unix time).", JOB);
        Family nextRun = out.gauge("ironcore_job_next_run_timestamp_seconds",
                "When the job's schedule fires next (Unix time); absent while paused or without a schedule.", JOB);
        Family breached = out.gauge("ironcore_job_rpo_breached",
                "1 while the job is at risk: its newest good snapshot is older than its RPO, it never had one, or it"
                        + " is paused; else 0. Backup jobs with an RPO only.", JOB);
        Family rpo = out.gauge("ironcore_job_rpo_seconds", "The RPO the job is measured against.", JOB);
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
    }

    private static void prunes(Statement s, Family.Sink out) throws SQLException {
        Family pruneRuns = out.counter("ironcore_prune_runs",
                "Prune passes after the job's backups, by status (Completed, Failed).", "project", "job", "status");
        Family pruneRemoved = out.counter("ironcore_prune_snapshots_removed",
                "Snapshots the job's prune passes removed.", JOB);
        PerJob perJob = new PerJob(1, (project, job, sums) -> pruneRemoved.add(sums[0], project, job));
        try (ResultSet r = s.executeQuery("SELECT j.project, j.name, p.status, p.runs, p.snapshots_removed, p.job_id "
                + "FROM prune_total p JOIN job j ON j.id = p.job_id ORDER BY p.job_id")) {
            while (r.next()) {
                pruneRuns.add(r.getLong(4), r.getString(1), r.getString(2), r.getString(3));
                perJob.add(r.getString(6), r.getString(1), r.getString(2), r.getLong(5));
            }
        }
        perJob.flush();
    }

    private static void gc(Statement s, Family.Sink out) throws SQLException {
        Family gcRuns = out.counter("ironcore_gc_runs", "Completed garbage collections of the datastore.",
                "datastore");
        Family gcFreed = out.counter("ironcore_gc_bytes_freed", "Bytes garbage collection freed.",
                "datastore");
        Family gcRemoved = out.counter("ironcore_gc_chunks_removed", "Chunks garbage collection removed.",
                "datastore");
        try (ResultSet r = s.executeQuery("SELECT datastore, runs, bytes_freed, chunks_removed FROM gc_total")) {
            while (r.next()) {
                gcRuns.add(r.getLong(2), r.getString(1));
                gcFreed.add(r.getLong(3), r.getString(1));
                gcRemoved.add(r.getLong(4), r.getString(1));
            }
        }
    }

    private static void syncs(Statement s, Family.Sink out) throws SQLException {
        Family syncRuns = out.counter("ironcore_sync_runs",
                "Sync runs of the sync job, by status (Completed, Failed).", "project", "sync_job", "status");
        Family syncBytes = out.counter("ironcore_sync_bytes", "Bytes the sync job's completed runs copied.",
                "project", "sync_job");
        PerJob perJob = new PerJob(1, (project, job, sums) -> syncBytes.add(sums[0], project, job));
        try (ResultSet r = s.executeQuery("SELECT j.project, j.name, t.status, t.runs, t.bytes, t.sync_job_id "
                + "FROM sync_total t JOIN sync_job j ON j.id = t.sync_job_id ORDER BY t.sync_job_id")) {
            while (r.next()) {
                syncRuns.add(r.getLong(4), r.getString(1), r.getString(2), r.getString(3));
                perJob.add(r.getString(6), r.getString(1), r.getString(2), r.getLong(5));
            }
        }
        perJob.flush();
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

    /**
     * A {@code bigint[]} as PostgreSQL writes it ({@code {0,3,12}}), read without the driver's array objects: 10,000
     * jobs have 10,000 of them at each scrape.
     */
    static long[] buckets(String text) {
        if (text == null || text.length() < 2 || text.charAt(0) != '{' || text.charAt(text.length() - 1) != '}') {
            throw new IllegalArgumentException("not a bigint[]: " + text);
        }
        int n = text.length() == 2 ? 0 : 1;
        for (int i = 1; i < text.length() - 1; i++) {
            if (text.charAt(i) == ',') {
                n++;
            }
        }
        long[] out = new long[n];
        int k = 0;
        int start = 1;
        for (int i = 1; i < text.length() && n > 0; i++) {
            char c = text.charAt(i);
            if (c == ',' || c == '}') {
                out[k++] = Long.parseLong(text, start, i, 10);
                start = i + 1;
            }
        }
        return out;
    }
}
