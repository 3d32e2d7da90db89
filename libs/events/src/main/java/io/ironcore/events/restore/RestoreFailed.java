package io.ironcore.events.restore;

import io.ironcore.events.Validated;

import java.time.Instant;

/** {@code io.ironcore.backup.restore.failed.v1} on {@code ironcore.run-events}: nothing usable was written. */
public record RestoreFailed(String restoreId, String jobId, String snapshotId, String workerId, Instant failedAt,
                            String reason) implements Validated {
    @Override
    public void validate() {
        Validated.require(restoreId, "restoreId");
        Validated.require(jobId, "jobId");
        Validated.require(failedAt, "failedAt");
        Validated.require(reason, "reason");
    }
}
