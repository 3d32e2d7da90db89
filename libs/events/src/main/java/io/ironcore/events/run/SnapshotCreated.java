package io.ironcore.events.run;

import java.time.Instant;

/**
 * A snapshot a run created.
 *
 * @param sourceId   the workload id
 * @param snapshotId the datastore snapshot id, usable with {@code ironcore-backup restore --snapshot}
 * @param sizeBytes  logical size of all its images
 * @param createdAt  the snapshot's time (the one its id names), so that consumers need not parse the id; absent in
 *                   events written before the field existed
 */
public record SnapshotCreated(String sourceId, String snapshotId, long sizeBytes, Instant createdAt) {
    /** Without the time, as events written before it existed. */
    public SnapshotCreated(String sourceId, String snapshotId, long sizeBytes) {
        this(sourceId, snapshotId, sizeBytes, null);
    }
}
