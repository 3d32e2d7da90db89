package io.ironcore.events.run;

import io.ironcore.events.Validated;

import java.time.Instant;
import java.util.List;

/** {@code io.ironcore.backup.run.completed.v1} on {@code ironcore.run-events}, key = job id. */
public record RunCompleted(String runId, String jobId, String jobName, String workerId, String mode,
                           String datastore, String namespace, Instant startedAt, Instant completedAt,
                           RunStats stats, List<SnapshotCreated> snapshots) implements Validated {
    @Override
    public void validate() {
        Validated.require(runId, "runId");
        Validated.require(jobId, "jobId");
        Validated.require(completedAt, "completedAt");
        Validated.require(stats, "stats");
        Validated.require(snapshots, "snapshots");
    }
}
