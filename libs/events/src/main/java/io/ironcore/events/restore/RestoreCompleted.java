package io.ironcore.events.restore;

import io.ironcore.events.Validated;

import java.time.Instant;

/**
 * {@code io.ironcore.backup.restore.completed.v1} on {@code ironcore.run-events}: the image is restored, byte for
 * byte (every chunk was checked against its digest).
 *
 * @param path  where the worker wrote it
 * @param bytes the image size
 */
public record RestoreCompleted(String restoreId, String jobId, String snapshotId, String image, String workerId,
                               String path, long bytes, Instant startedAt, Instant completedAt) implements Validated {
    @Override
    public void validate() {
        Validated.require(restoreId, "restoreId");
        Validated.require(jobId, "jobId");
        Validated.require(completedAt, "completedAt");
    }
}
