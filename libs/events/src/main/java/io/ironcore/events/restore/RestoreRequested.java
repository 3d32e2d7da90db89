package io.ironcore.events.restore;

import io.ironcore.events.Validated;
import io.ironcore.events.run.DatastoreRef;

import java.time.Instant;

/**
 * {@code io.ironcore.backup.restore.requested.v1} on {@code ironcore.run-requests}, key = the snapshot's job id: a
 * worker is to restore one image of a snapshot to a path under its restore directory.
 *
 * @param image  the drive name inside the snapshot, e.g. {@code drive-scsi0}
 * @param target a path relative to the worker's restore directory
 */
public record RestoreRequested(String restoreId, String jobId, String project, DatastoreRef datastore,
                               String snapshotId, String image, String target, String requestedBy,
                               Instant requestedAt) implements Validated {
    @Override
    public void validate() {
        Validated.require(restoreId, "restoreId");
        Validated.require(jobId, "jobId");
        Validated.require(datastore, "datastore");
        Validated.require(snapshotId, "snapshotId");
        Validated.require(image, "image");
        Validated.require(target, "target");
        Validated.require(requestedAt, "requestedAt");
    }
}
