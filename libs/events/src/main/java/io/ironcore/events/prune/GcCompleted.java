package io.ironcore.events.prune;

import io.ironcore.events.Validated;

import java.time.Instant;

/**
 * {@code io.ironcore.backup.gc.completed.v1} on {@code ironcore.prune-events}, key = the GC job's id: garbage
 * collection of a datastore removed the chunks no snapshot references any more (older than the grace period that
 * outlasts every running backup).
 *
 * @param chunksPending unreferenced chunks still inside the grace period
 */
public record GcCompleted(String runId, String jobId, String datastore, long chunksScanned, long chunksRemoved,
                          long bytesFreed, long chunksPending, Instant cutoff, Instant completedAt)
        implements Validated {
    @Override
    public void validate() {
        Validated.require(runId, "runId");
        Validated.require(jobId, "jobId");
        Validated.require(datastore, "datastore");
        Validated.require(completedAt, "completedAt");
    }
}
