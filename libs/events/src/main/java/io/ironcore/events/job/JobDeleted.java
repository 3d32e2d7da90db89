package io.ironcore.events.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.ironcore.events.Validated;

import java.time.Instant;

/**
 * {@code io.ironcore.backup.job.deleted.v1}: the job is gone; its snapshots stay in the datastore, and what becomes
 * of them is its orphan policy.
 *
 * @param orphans {@code keep} (the snapshots are never pruned again) or {@code prune} (prune-service keeps pruning
 *                them with the job's last retention); absent in events written before the field existed, which means
 *                {@link Orphans#KEEP}
 */
public record JobDeleted(String jobId, String name, String project, Instant deletedAt, Orphans orphans)
        implements Validated {

    /** What becomes of a deleted job's snapshots; the wire strings are {@code keep} and {@code prune}. */
    public enum Orphans {
        /** Never pruned again (the default). */
        KEEP("keep"),
        /** Pruned by prune-service's sweep with the job's last retention. */
        PRUNE("prune");

        private final String wire;

        Orphans(String wire) {
            this.wire = wire;
        }

        /** The string events and databases carry. */
        @JsonValue
        public String wire() {
            return wire;
        }

        /**
         * The policy a wire string names; null for null (an absent field). Anything else is refused, so an event with
         * another policy is malformed.
         */
        @JsonCreator
        public static Orphans fromWire(String wire) {
            if (wire == null) {
                return null;
            }
            for (Orphans o : values()) {
                if (o.wire.equals(wire)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("field 'orphans' must be keep or prune, not '" + wire + "'");
        }
    }

    /** A deletion that keeps the orphaned snapshots (the policy's default). */
    public JobDeleted(String jobId, String name, String project, Instant deletedAt) {
        this(jobId, name, project, deletedAt, null);
    }

    @Override
    public void validate() {
        Validated.require(jobId, "jobId");
        Validated.require(deletedAt, "deletedAt");
    }

    /** The orphan policy, {@link Orphans#KEEP} when the event does not say. */
    public Orphans orphanPolicy() {
        return orphans == null ? Orphans.KEEP : orphans;
    }

    /** Whether prune-service goes on pruning the job's snapshots with its last retention. */
    public boolean pruneOrphans() {
        return orphans == Orphans.PRUNE;
    }
}
