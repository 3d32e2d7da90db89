package io.ironcore.jobs.metrics;

import io.ironcore.eventing.metrics.Series;
import io.ironcore.events.run.RunStats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * The totals behind the business metrics, kept in the transaction that projects the event they count (the inbox
 * makes that once per event): they survive restarts and run-history purges, and go with their job. Rows are only
 * added for a job, datastore or sync job that exists, so an event of a deleted one counts nowhere.
 */
@ApplicationScoped
public class MetricTotals {
    /** Upper bounds of {@code ironcore_run_duration_seconds}, from a second to half a day. */
    public static final double[] DURATION_BUCKETS = {1, 10, 60, 300, 900, 1800, 3600, 14400, 43200};

    @Inject
    EntityManager em;

    /** A run of the job finished: Completed, Failed or Skipped. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void runFinished(UUID jobId, String action, String mode, String status) {
        em.createNativeQuery("INSERT INTO run_total (job_id, action, mode, status, runs) "
                        + "SELECT id, ?2, ?3, ?4, 1 FROM job WHERE id = ?1 "
                        + "ON CONFLICT (job_id, action, mode, status) DO UPDATE SET runs = run_total.runs + 1")
                .setParameter(1, jobId).setParameter(2, action).setParameter(3, mode).setParameter(4, status)
                .executeUpdate();
    }

    /** How long a completed run took, and what it read and wrote. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void runCompleted(UUID jobId, String mode, Instant startedAt, Instant completedAt, RunStats stats) {
        double seconds = startedAt == null || completedAt == null ? 0
                : Math.max(0, Duration.between(startedAt, completedAt).toMillis() / 1000.0);
        int bucket = Series.bucketOf(DURATION_BUCKETS, seconds);
        long[] buckets = new long[DURATION_BUCKETS.length + 1];
        buckets[bucket] = 1;
        long read = stats == null ? 0 : stats.bytesRead();
        long changed = stats == null ? 0 : stats.bytesChanged();
        long written = stats == null ? 0 : stats.bytesWritten();
        em.createNativeQuery("INSERT INTO run_duration (job_id, mode, buckets, sum_seconds, bytes_read, bytes_changed, "
                        + "bytes_written) SELECT id, ?2, CAST(?3 AS bigint[]), ?4, ?5, ?6, ?7 FROM job WHERE id = ?1 "
                        + "ON CONFLICT (job_id, mode) DO UPDATE SET buckets[?8] = run_duration.buckets[?8] + 1, "
                        + "sum_seconds = run_duration.sum_seconds + ?4, bytes_read = run_duration.bytes_read + ?5, "
                        + "bytes_changed = run_duration.bytes_changed + ?6, "
                        + "bytes_written = run_duration.bytes_written + ?7")
                .setParameter(1, jobId).setParameter(2, mode).setParameter(3, arrayLiteral(buckets))
                .setParameter(4, seconds).setParameter(5, read).setParameter(6, changed).setParameter(7, written)
                .setParameter(8, bucket + 1)
                .executeUpdate();
    }

    /** A prune pass of the job finished. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void pruneFinished(UUID jobId, String status, long snapshotsRemoved) {
        em.createNativeQuery("INSERT INTO prune_total (job_id, status, runs, snapshots_removed) "
                        + "SELECT id, ?2, 1, ?3 FROM job WHERE id = ?1 ON CONFLICT (job_id, status) DO UPDATE SET "
                        + "runs = prune_total.runs + 1, snapshots_removed = prune_total.snapshots_removed + ?3")
                .setParameter(1, jobId).setParameter(2, status).setParameter(3, snapshotsRemoved).executeUpdate();
    }

    /** A GC of the datastore completed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void gcCompleted(String datastore, long chunksRemoved, long bytesFreed) {
        em.createNativeQuery("INSERT INTO gc_total (datastore, runs, chunks_removed, bytes_freed) "
                        + "SELECT name, 1, ?2, ?3 FROM datastore WHERE name = ?1 ON CONFLICT (datastore) DO UPDATE SET "
                        + "runs = gc_total.runs + 1, chunks_removed = gc_total.chunks_removed + ?2, "
                        + "bytes_freed = gc_total.bytes_freed + ?3")
                .setParameter(1, datastore).setParameter(2, chunksRemoved).setParameter(3, bytesFreed).executeUpdate();
    }

    /** A sync run of the sync job finished. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void syncFinished(UUID syncJobId, String status, long bytes) {
        em.createNativeQuery("INSERT INTO sync_total (sync_job_id, status, runs, bytes) "
                        + "SELECT id, ?2, 1, ?3 FROM sync_job WHERE id = ?1 ON CONFLICT (sync_job_id, status) DO UPDATE "
                        + "SET runs = sync_total.runs + 1, bytes = sync_total.bytes + ?3")
                .setParameter(1, syncJobId).setParameter(2, status).setParameter(3, bytes).executeUpdate();
    }

    private static String arrayLiteral(long[] values) {
        return "{" + String.join(",", Arrays.stream(values).mapToObj(Long::toString).toList()) + "}";
    }
}
