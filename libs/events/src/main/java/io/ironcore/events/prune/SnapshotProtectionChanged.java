package io.ironcore.events.prune;

import io.ironcore.events.Validated;
import io.ironcore.events.run.DatastoreRef;

import java.time.Instant;

/**
 * {@code io.ironcore.backup.snapshot.protection-changed.v1} on {@code ironcore.job-events}, key = the job id that made
 * the snapshot: a user protected (or unprotected) a snapshot. A protected snapshot is kept by every prune pass and
 * not counted by the retention windows.
 */
public record SnapshotProtectionChanged(String snapshotId, String jobId, DatastoreRef datastore,
                                        boolean isProtected, String changedBy, Instant changedAt)
        implements Validated {
    @Override
    public void validate() {
        Validated.require(snapshotId, "snapshotId");
        Validated.require(jobId, "jobId");
        Validated.require(datastore, "datastore");
        Validated.require(changedAt, "changedAt");
    }
}
