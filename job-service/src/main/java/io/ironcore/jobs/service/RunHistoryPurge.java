package io.ironcore.jobs.service;

import static io.ironcore.eventing.purge.EventStorePurge.deleteInBatches;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletes the run history beyond its horizon, in batches of one short transaction each. Plain JDBC, so the storage
 * benchmark runs the very same statements.
 *
 * <p>A run goes when it was requested before the cutoff, is finished (Completed, Failed, Skipped), is not its job's
 * last run (the job shows it and the tick handler reads it), and owns no snapshot that still exists: none of the
 * catalog's snapshots made by the run is unremoved, and every snapshot its RunCompleted named is known to the catalog
 * as removed (a run recorded before the catalog is its snapshots' only record, and restores fall back to it). The
 * catalog entries of its snapshots, all removed, go with it in the same transaction, never before: while the run
 * exists, its removed snapshots must stay known as removed. Then catalog entries of snapshots removed before the
 * cutoff whose run is gone, and sync copies removed before it, go too.
 */
public final class RunHistoryPurge {
    static final String RUNS = "WITH doomed AS (SELECT r.id FROM run r "
            + "WHERE r.requested_at < ? AND r.state IN ('Completed', 'Failed', 'Skipped') "
            + "AND NOT EXISTS (SELECT 1 FROM job j WHERE j.last_run_id = r.id) "
            + "AND NOT EXISTS (SELECT 1 FROM snapshot s WHERE s.run_id = r.id AND s.removed_at IS NULL) "
            + "AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(r.snapshots) = 'array' "
            + "THEN r.snapshots ELSE '[]'::jsonb END) e WHERE NOT EXISTS (SELECT 1 FROM snapshot s "
            + "WHERE s.snapshot_id = e ->> 'snapshotId' AND s.removed_at IS NOT NULL)) "
            + "ORDER BY r.requested_at LIMIT ? FOR UPDATE SKIP LOCKED), "
            + "gone AS (DELETE FROM snapshot s USING doomed d WHERE s.run_id = d.id RETURNING 1) "
            + "DELETE FROM run r USING doomed d WHERE r.id = d.id";
    static final String ORPHAN_SNAPSHOTS = "DELETE FROM snapshot WHERE snapshot_id IN (SELECT s.snapshot_id "
            + "FROM snapshot s WHERE s.removed_at < ? AND NOT EXISTS (SELECT 1 FROM run r WHERE r.id = s.run_id) "
            + "LIMIT ?)";
    static final String COPIES = "DELETE FROM snapshot_copy WHERE ctid = ANY (ARRAY(SELECT ctid FROM snapshot_copy "
            + "WHERE removed_at < ? LIMIT ?))";

    /** What one purge deleted. */
    public record Result(long runs, long snapshots, long copies) {
    }

    private RunHistoryPurge() {
    }

    /** One purge of what is older than {@code cutoff}. */
    public static Result run(Connection c, Instant cutoff, int batchSize) throws SQLException {
        c.setAutoCommit(true);
        long runs = deleteInBatches(c, RUNS, cutoff, batchSize);
        long snapshots = deleteInBatches(c, ORPHAN_SNAPSHOTS, cutoff, batchSize);
        long copies = deleteInBatches(c, COPIES, cutoff, batchSize);
        return new Result(runs, snapshots, copies);
    }

    /** The configuration's errors, each naming its property, or null when it is sound. */
    public static String configError(Duration horizon, Duration interval, int batchSize) {
        StringBuilder errors = new StringBuilder();
        if (horizon.isNegative() || horizon.isZero()) {
            errors.append("ironcore.jobs.run-history.horizon must be a positive duration (e.g. 400d), was ")
                    .append(horizon).append("; ");
        }
        if (interval.isNegative() || interval.isZero()) {
            errors.append("ironcore.jobs.run-history.purge-interval must be a positive duration, was ")
                    .append(interval).append("; ");
        }
        if (batchSize < 1) {
            errors.append("ironcore.jobs.run-history.batch-size must be at least 1, was ").append(batchSize)
                    .append("; ");
        }
        return errors.isEmpty() ? null : errors.substring(0, errors.length() - 2);
    }
}
