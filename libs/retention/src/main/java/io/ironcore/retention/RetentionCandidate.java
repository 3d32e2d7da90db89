package io.ironcore.retention;

import java.time.Instant;
import java.util.Objects;

/**
 * One snapshot of a backup group, as far as retention is concerned.
 *
 * @param id          identifies the snapshot; unique within one {@link Retention#apply} call
 * @param time        when the snapshot was taken (the backup time)
 * @param isProtected the snapshot is protected: always kept, invisible to the retention windows
 * @param inUse       the snapshot is in use, e.g. the parent of a running backup: kept like a
 *                    protected one, with reason "in use by a running backup"
 */
public record RetentionCandidate(String id, Instant time, boolean isProtected, boolean inUse) {

    public RetentionCandidate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
    }

    /** An ordinary snapshot: neither protected nor in use. */
    public static RetentionCandidate of(String id, Instant time) {
        return new RetentionCandidate(id, time, false, false);
    }

    /** A copy with the protected flag set to {@code value}. */
    public RetentionCandidate withProtected(boolean value) {
        return new RetentionCandidate(id, time, value, inUse);
    }

    /** A copy with the in-use flag set to {@code value}. */
    public RetentionCandidate withInUse(boolean value) {
        return new RetentionCandidate(id, time, isProtected, value);
    }
}
