package io.ironcore.events.run;

/**
 * A snapshot a run created.
 *
 * @param sourceId   the workload id
 * @param snapshotId the datastore snapshot id, usable with {@code ironcore-backup restore --snapshot}
 * @param sizeBytes  logical size of all its images
 */
public record SnapshotCreated(String sourceId, String snapshotId, long sizeBytes) {
}
