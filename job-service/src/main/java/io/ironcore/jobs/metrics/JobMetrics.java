package io.ironcore.jobs.metrics;

import io.ironcore.eventing.metrics.Exposition;
import io.ironcore.eventing.metrics.Family;
import io.ironcore.eventing.metrics.FleetMetrics;
import io.ironcore.eventing.metrics.Fragments;
import io.ironcore.eventing.metrics.Series;
import io.ironcore.jobs.service.NextRun;
import io.prometheus.client.Collector.MetricFamilySamples;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The business metrics of jobs, runs, prunes, GC and syncs, read from job-service's projection of the event log at
 * each scrape (exported by one instance: {@link FleetMetrics}). Only existing jobs, datastores and sync jobs have
 * series; no run or snapshot id is a label.
 *
 * <p>{@code /q/metrics} keeps each job's series as text between scrapes ({@link Kept}) and reads again only the rows
 * of the jobs that changed since the last one (migration V20: each row carries the transaction that wrote it); the
 * next-run gauges are written at each scrape, since they move with time. Every hour, and after a failure, the text is
 * written again from all the rows. {@link #get()} (the collector, with the management interface) reads every row.
 */
@ApplicationScoped
public class JobMetrics implements FleetMetrics.FleetSeries {
    private static final String[] JOB = {"project", "job"};

    /** A schedule's next elapse, valid until it passes. */
    private record Next(Instant at) {
    }

    /** How old the kept text may get before it is written again from every row. */
    static final Duration REWRITE_EVERY = Duration.ofHours(1);
    /** More changed jobs than this and than half the jobs, and every row is read: one query per table is cheaper. */
    static final int CHANGED_AT_MOST = 2_000;
    /** The cached families, in the order they are exported: the next-run gauge (4) is written at each scrape. */
    private static final int NEXT_RUN = 4;
    private static final int KEPT_FAMILIES = 9;
    /** The tables the per-job families are read from (and their job id), and where deleted rows leave theirs. */
    private static final String[][] CHANGED = {{"job", "id"}, {"run_total", "job_id"}, {"run_duration", "job_id"},
            {"prune_total", "job_id"}, {"job_compliance", "job_id"}, {"metrics_gone", "job_id"}};

    private final Map<String, Next> nextRuns = new ConcurrentHashMap<>();
    private final Map<Exposition.Format, Kept> kept = new EnumMap<>(Exposition.Format.class);

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

    /** The per-job families from the text kept since the last scrape, what changed read again; then GC and sync. */
    @Override
    public void write(Exposition out) {
        Kept k;
        synchronized (kept) {
            k = kept.computeIfAbsent(out.format(), Kept::new);
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            synchronized (k) {
                k.refresh(c, clock.instant());
                k.write(out, clock.instant());
            }
            gc(s, out);
            syncs(s, out);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the metrics' totals: " + e.getMessage(), e);
        }
    }

    /** Every family straight from every row. */
    private void write(Family.Sink out) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            Rows rows = new Rows(c, null);
            runs(rows, out);
            out.flush(); // sent while the next query runs
            durationsAndBytes(rows, out);
            out.flush();
            Instant now = clock.instant();
            jobs(rows, out, (nextRun, id, project, job, enabled, schedule, timezone) -> {
                Instant next = enabled ? nextRun(schedule, timezone, now) : null;
                if (next != null) {
                    nextRun.add(next.getEpochSecond(), project, job);
                }
            });
            out.flush();
            prunes(rows, out);
            gc(s, out);
            syncs(s, out);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the metrics' totals: " + e.getMessage(), e);
        }
    }

    /** The rows of every job, or of some: each query's {@code %s} becomes the filter on {@code j.id}. */
    private record Rows(Connection c, String[] ids) {
        ResultSet query(String sql) throws SQLException {
            if (ids == null) {
                Statement s = c.createStatement();
                s.closeOnCompletion(); // with its result
                return s.executeQuery(String.format(sql, ""));
            }
            PreparedStatement p = c.prepareStatement(String.format(sql, " WHERE j.id = ANY(CAST(? AS uuid[]))"));
            p.closeOnCompletion();
            p.setArray(1, c.createArrayOf("text", ids));
            return p.executeQuery();
        }
    }

    /** A job's row: what its next-run gauge needs. */
    @FunctionalInterface
    private interface JobRow {
        void accept(Family nextRun, String id, String project, String job, boolean enabled, String schedule,
                    String timezone);
    }

    private static Family runsFamily(Family.Sink out) {
        return out.counter("ironcore_runs", "Finished runs, by what they did (type: backup, verify, gc),"
                + " mode and status (Completed, Failed, Skipped).", "project", "job", "type", "mode", "status");
    }

    private static void runs(Rows rows, Family.Sink out) throws SQLException {
        Family runs = runsFamily(out);
        try (ResultSet r = rows.query("SELECT j.project, j.name, t.action, t.mode, t.status, t.runs "
                + "FROM run_total t JOIN job j ON j.id = t.job_id%s ORDER BY t.job_id")) {
            while (r.next()) {
                runs.add(r.getLong(6), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                        r.getString(5));
            }
        }
    }

    /** One row per job and mode: its histogram, and its bytes summed over the job's modes (rows come by job). */
    private static void durationsAndBytes(Rows rows, Family.Sink out) throws SQLException {
        Family duration = durationFamily(out);
        Family bytes = bytesFamily(out);
        PerJob perJob = new PerJob(3, (project, job, sums) -> bytes.add(sums[0], project, job, "read")
                .add(sums[1], project, job, "changed").add(sums[2], project, job, "written"));
        // the array as text: a statement the driver has prepared on the server reads it in binary, and then
        // getString quotes each element
        try (ResultSet r = rows.query("SELECT j.project, j.name, d.mode, d.buckets::text, d.sum_seconds, "
                + "d.bytes_read, d.bytes_changed, d.bytes_written, d.job_id "
                + "FROM run_duration d JOIN job j ON j.id = d.job_id%s ORDER BY d.job_id")) {
            while (r.next()) {
                duration.observed(buckets(r.getString(4)), r.getDouble(5), r.getString(1), r.getString(2),
                        r.getString(3));
                perJob.add(r.getString(9), r.getString(1), r.getString(2), r.getLong(6), r.getLong(7), r.getLong(8));
            }
        }
        perJob.flush();
    }

    private static Family durationFamily(Family.Sink out) {
        return out.histogram("ironcore_run_duration_seconds",
                "How long completed runs took, from start to completion.", MetricTotals.DURATION_BUCKETS,
                "project", "job", "mode");
    }

    private static Family bytesFamily(Family.Sink out) {
        return out.counter("ironcore_run_bytes",
                "Bytes completed runs read from their sources, found changed, and wrote to the datastore.",
                "project", "job", "kind");
    }

    private static Family lastSuccessFamily(Family.Sink out) {
        return out.gauge("ironcore_job_last_success_timestamp_seconds",
                "When the job's newest completed run finished (Unix time).", JOB);
    }

    private static Family nextRunFamily(Family.Sink out) {
        return out.gauge("ironcore_job_next_run_timestamp_seconds",
                "When the job's schedule fires next (Unix time); absent while paused or without a schedule.", JOB);
    }

    private static Family breachedFamily(Family.Sink out) {
        return out.gauge("ironcore_job_rpo_breached",
                "1 while the job is at risk: its newest good snapshot is older than its RPO, it never had one, or it"
                        + " is paused; else 0. Backup jobs with an RPO only.", JOB);
    }

    private static Family rpoFamily(Family.Sink out) {
        return out.gauge("ironcore_job_rpo_seconds", "The RPO the job is measured against.", JOB);
    }

    /** The job gauges; the next run's is {@code each}'s to write. */
    private static void jobs(Rows rows, Family.Sink out, JobRow each) throws SQLException {
        Family lastSuccess = lastSuccessFamily(out);
        Family nextRun = nextRunFamily(out);
        Family breached = breachedFamily(out);
        Family rpo = rpoFamily(out);
        try (ResultSet r = rows.query("SELECT j.project, j.name, j.last_success_at, j.enabled, j.schedule, "
                + "j.timezone, c.state, c.rpo_seconds, j.id FROM job j LEFT JOIN job_compliance c ON c.job_id = j.id"
                + "%s ORDER BY j.id")) {
            while (r.next()) {
                String project = r.getString(1);
                String job = r.getString(2);
                Timestamp success = r.getTimestamp(3);
                if (success != null) {
                    lastSuccess.add(success.getTime() / 1000.0, project, job);
                }
                each.accept(nextRun, r.getString(9), project, job, r.getBoolean(4), r.getString(5), r.getString(6));
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

    private static Family pruneRunsFamily(Family.Sink out) {
        return out.counter("ironcore_prune_runs",
                "Prune passes after the job's backups, by status (Completed, Failed).", "project", "job", "status");
    }

    private static Family pruneRemovedFamily(Family.Sink out) {
        return out.counter("ironcore_prune_snapshots_removed", "Snapshots the job's prune passes removed.", JOB);
    }

    private static void prunes(Rows rows, Family.Sink out) throws SQLException {
        Family pruneRuns = pruneRunsFamily(out);
        Family pruneRemoved = pruneRemovedFamily(out);
        PerJob perJob = new PerJob(1, (project, job, sums) -> pruneRemoved.add(sums[0], project, job));
        try (ResultSet r = rows.query("SELECT j.project, j.name, p.status, p.runs, p.snapshots_removed, p.job_id "
                + "FROM prune_total p JOIN job j ON j.id = p.job_id%s ORDER BY p.job_id")) {
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

    /** A job's kept text, per kept family, and what its next-run gauge needs. */
    private static final class Entry {
        final String id;
        final byte[][] lines;
        final boolean enabled;
        final String schedule;
        final String timezone;
        /** The schedule's next elapse, once known; null if it never elapses again. */
        Instant next;
        boolean nextKnown;

        Entry(String id, byte[][] lines, boolean enabled, String schedule, String timezone) {
            this.id = id;
            this.lines = lines;
            this.enabled = enabled;
            this.schedule = schedule;
            this.timezone = timezone;
        }
    }

    /**
     * The per-job families' text of one format, kept between scrapes. {@link #refresh} reads again the rows of the
     * jobs written at or after the horizon: the oldest transaction that was running when the last refresh began.
     */
    private final class Kept {
        private final Exposition.Format format;
        /** By the job's (project, name), in the order first read; the job ids lead to them. */
        private final Map<List<String>, Entry> entries = new LinkedHashMap<>();
        private final Map<String, List<String>> keys = new HashMap<>();
        private String horizon;
        private Instant writtenAt;

        Kept(Exposition.Format format) {
            this.format = format;
        }

        void refresh(Connection c, Instant now) throws SQLException {
            String next = horizon(c);
            try {
                Set<String> changed = horizon == null || now.isAfter(writtenAt.plus(REWRITE_EVERY)) ? null
                        : changedSince(c, horizon);
                if (changed == null || changed.size() > Math.max(CHANGED_AT_MOST, entries.size() / 2)) {
                    entries.clear();
                    keys.clear();
                    read(new Rows(c, null));
                    writtenAt = now;
                    try (Statement s = c.createStatement()) {
                        s.executeUpdate("DELETE FROM metrics_gone WHERE at < now() - interval '1 day'");
                    }
                } else if (!changed.isEmpty()) {
                    for (String id : changed) {
                        List<String> key = keys.remove(id);
                        Entry kept = key == null ? null : entries.get(key);
                        if (kept != null && kept.id.equals(id)) { // not another job's that has the name since
                            entries.remove(key);
                        }
                    }
                    read(new Rows(c, changed.toArray(String[]::new)));
                }
                horizon = next;
            } catch (SQLException | RuntimeException e) {
                horizon = null; // part of the text may be missing: all of it is written again next time
                throw e;
            }
        }

        /** The rows of these jobs, as text per job. */
        private void read(Rows rows) throws SQLException {
            Fragments f = new Fragments(format, 2);
            runs(rows, f);
            durationsAndBytes(rows, f);
            Map<List<String>, Entry> read = new LinkedHashMap<>();
            jobs(rows, f, (nextRun, id, project, job, enabled, schedule, timezone) ->
                    read.put(List.of(project, job), new Entry(id, null, enabled, schedule, timezone)));
            prunes(rows, f);
            Map<List<String>, byte[][]> lines = f.take();
            byte[][] none = new byte[KEPT_FAMILIES][];
            Arrays.fill(none, new byte[0]);
            read.forEach((key, e) -> {
                // a job's lines under another key (renamed while read) are read again next time: its row changed
                entries.put(key, new Entry(e.id, lines.getOrDefault(key, none), e.enabled, e.schedule,
                        e.timezone));
                keys.put(e.id, key);
            });
        }

        /** The kept text, family by family, each sent while the next is put together; the next runs as of now. */
        void write(Exposition out, Instant now) {
            Family[] families = {runsFamily(out), durationFamily(out), bytesFamily(out)};
            lines(out, families, 0, now);
            out.flush();
            families = new Family[] {lastSuccessFamily(out), nextRunFamily(out), breachedFamily(out), rpoFamily(out)};
            lines(out, families, 3, now);
            out.flush();
            families = new Family[] {pruneRunsFamily(out), pruneRemovedFamily(out)};
            lines(out, families, 7, now);
        }

        private void lines(Exposition out, Family[] families, int first, Instant now) {
            for (int i = 0; i < families.length; i++) {
                int index = first + i;
                for (Map.Entry<List<String>, Entry> e : entries.entrySet()) {
                    Entry job = e.getValue();
                    if (index == NEXT_RUN) {
                        if (!job.enabled) {
                            continue;
                        }
                        if (!job.nextKnown || job.next != null && !job.next.isAfter(now)) {
                            job.next = nextRun(job.schedule, job.timezone, now);
                            job.nextKnown = true;
                        }
                        if (job.next != null) {
                            families[i].add(job.next.getEpochSecond(), e.getKey().get(0), e.getKey().get(1));
                        }
                    } else if (job.lines[index].length > 0) {
                        out.lines(families[i], job.lines[index]);
                    }
                }
            }
        }
    }

    /** The oldest transaction running now: every transaction that commits from now on has an id at least this. */
    private static String horizon(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT pg_snapshot_xmin(pg_current_snapshot())::text")) {
            r.next();
            return r.getString(1);
        }
    }

    /** The jobs with a row written, or deleted, by a transaction at or after {@code horizon}. */
    private static Set<String> changedSince(Connection c, String horizon) throws SQLException {
        StringBuilder sql = new StringBuilder();
        for (String[] t : CHANGED) {
            sql.append(sql.length() == 0 ? "" : " UNION ").append("SELECT ").append(t[1]).append("::text FROM ")
                    .append(t[0]).append(" WHERE metrics_rev >= CAST(? AS xid8)");
        }
        Set<String> ids = new HashSet<>();
        try (PreparedStatement p = c.prepareStatement(sql.toString())) {
            for (int i = 1; i <= CHANGED.length; i++) {
                p.setString(i, horizon);
            }
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
        }
        return ids;
    }

    private Instant nextRun(String schedule, String timezone, Instant now) {
        if (schedule == null) {
            return null;
        }
        String key = schedule + "\n" + timezone;
        Next n = nextRuns.get(key);
        if (n == null || n.at() != null && !n.at().isAfter(now)) { // a schedule that never elapses again stays so
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
