package io.ironcore.events.job;

import io.ironcore.events.MalformedEventException;
import io.ironcore.events.Validated;

import java.time.Instant;

/**
 * {@code io.ironcore.backup.job.deleted.v1}: the job is gone; its snapshots stay in the datastore, and what becomes
 * of them is its orphan policy.
 *
 * @param orphans {@value #ORPHANS_KEEP} (the snapshots are never pruned again) or {@value #ORPHANS_PRUNE} (prune-service
 *                keeps pruning them with the job's last retention); absent in events written before the field
 *                existed, which means {@value #ORPHANS_KEEP}
 */
public record JobDeleted(String jobId, String name, String project, Instant deletedAt, String orphans)
        implements Validated {
    public static final String ORPHANS_KEEP = "keep";
    public static final String ORPHANS_PRUNE = "prune";

    /** A deletion that keeps the orphaned snapshots (the policy's default). */
    public JobDeleted(String jobId, String name, String project, Instant deletedAt) {
        this(jobId, name, project, deletedAt, null);
    }

    @Override
    public void validate() {
        Validated.require(jobId, "jobId");
        Validated.require(deletedAt, "deletedAt");
        if (orphans != null && !ORPHANS_KEEP.equals(orphans) && !ORPHANS_PRUNE.equals(orphans)) {
            throw new MalformedEventException("field 'orphans' must be keep or prune, not '" + orphans + "'");
        }
    }

    /** The orphan policy, {@value #ORPHANS_KEEP} when the event does not say. */
    public String orphanPolicy() {
        return orphans == null ? ORPHANS_KEEP : orphans;
    }

    /** Whether prune-service goes on pruning the job's snapshots with its last retention. */
    public boolean pruneOrphans() {
        return ORPHANS_PRUNE.equals(orphans);
    }
}
