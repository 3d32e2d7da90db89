package io.ironcore.eventing.projection;

import io.ironcore.events.job.JobChange;

/**
 * A consumer's copy of each job, kept from the job events ({@link JobChange}): the rules of keeping the copy live
 * here, what a row holds is the consumer's ({@link Rows}). For each change:
 * <ul>
 *   <li>a deletion goes to {@link Rows#deleted}, with the job's row or null when the job is unknown here;</li>
 *   <li>a change a known row already has (not {@link JobChange#newerThan} its version: a replay), or any change to a
 *       row kept as a {@link Rows#tombstone} of a deleted job, changes nothing;</li>
 *   <li>a change without a spec (the job was paused or resumed) goes to {@link Rows#enabledChanged}, only for a known
 *       row;</li>
 *   <li>a change with a spec is written to the job's row, a new one for a job unknown here, and persisted.</li>
 * </ul>
 */
public final class JobProjection {
    private JobProjection() {
    }

    /** The consumer's rows, one per job. */
    public interface Rows<R> {
        /** The job's row, or null. */
        R find(String jobId);

        /** A new, not yet persisted row for the job. */
        R create(String jobId);

        /** The job version the row has. */
        long version(R row);

        /** Copies the change (its spec, name, version and time) into the row. */
        void write(R row, JobChange change);

        void persist(R row);

        /** The job was deleted; {@code row} is null when the job is unknown here. */
        void deleted(R row, JobChange change);

        /** Whether the row stays for a deleted job: it then takes no more changes. None by default. */
        default boolean tombstone(R row) {
            return false;
        }

        /** The job was paused or resumed ({@link JobChange#enabled}); the change is newer than the row. */
        default void enabledChanged(R row, JobChange change) {
        }
    }

    /** Applies one change to the rows by the rules above. */
    public static <R> void apply(JobChange change, Rows<R> rows) {
        R row = rows.find(change.jobId());
        if (change.deleted()) {
            rows.deleted(row, change);
            return;
        }
        if (row != null && (rows.tombstone(row) || !change.newerThan(rows.version(row)))) {
            return;
        }
        if (change.spec() == null) {
            if (row != null && change.enabled() != null) {
                rows.enabledChanged(row, change);
            }
            return;
        }
        if (row == null) {
            row = rows.create(change.jobId());
        }
        rows.write(row, change);
        rows.persist(row);
    }
}
