package io.ironcore.events.run;

import io.ironcore.events.Validated;

import java.time.Instant;
import java.util.List;

/**
 * {@code io.ironcore.backup.run.completed.v1} on {@code ironcore.run-events}, key = job id.
 *
 * @param datastorePath where the datastore is mounted (absent in events of the walking skeleton)
 * @param action        {@code backup} (absent means backup), {@code verify} or {@code gc}
 */
public record RunCompleted(String runId, String jobId, String jobName, String workerId, String mode,
                           String datastore, String namespace, Instant startedAt, Instant completedAt,
                           RunStats stats, List<SnapshotCreated> snapshots, String datastorePath, String action)
        implements Validated {

    public RunCompleted(String runId, String jobId, String jobName, String workerId, String mode, String datastore,
                        String namespace, Instant startedAt, Instant completedAt, RunStats stats,
                        List<SnapshotCreated> snapshots) {
        this(runId, jobId, jobName, workerId, mode, datastore, namespace, startedAt, completedAt, stats, snapshots,
                null, null);
    }

    public boolean backup() {
        return action == null || RunRequested.ACTION_BACKUP.equals(action);
    }

    @Override
    public void validate() {
        Validated.require(runId, "runId");
        Validated.require(jobId, "jobId");
        Validated.require(completedAt, "completedAt");
        Validated.require(stats, "stats");
        Validated.require(snapshots, "snapshots");
    }
}
