package io.ironcore.events.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ironcore.events.Validated;

import java.time.Instant;
import java.util.List;

/**
 * {@code io.ironcore.backup.run.completed.v1} on {@code ironcore.run-events}, key = job id.
 *
 * @param datastorePath where the datastore is mounted (absent in events of the walking skeleton)
 * @param actionOnWire  the {@code action} field as the event carries it: {@code backup}, {@code verify} or
 *                      {@code gc}; null when absent (events of the walking skeleton), which means backup. Kept as
 *                      carried so that an event is written again as it was read; read {@link #action()} instead
 */
public record RunCompleted(String runId, String jobId, String jobName, String workerId, String mode,
                           String datastore, String namespace, Instant startedAt, Instant completedAt,
                           RunStats stats, List<SnapshotCreated> snapshots, String datastorePath,
                           @JsonProperty("action") RunAction actionOnWire)
        implements Validated {

    public RunCompleted(String runId, String jobId, String jobName, String workerId, String mode, String datastore,
                        String namespace, Instant startedAt, Instant completedAt, RunStats stats,
                        List<SnapshotCreated> snapshots) {
        this(runId, jobId, jobName, workerId, mode, datastore, namespace, startedAt, completedAt, stats, snapshots,
                null, (RunAction) null);
    }

    /** With the action as a wire string ({@code backup}, {@code verify}, {@code gc}; null for absent). */
    public RunCompleted(String runId, String jobId, String jobName, String workerId, String mode, String datastore,
                        String namespace, Instant startedAt, Instant completedAt, RunStats stats,
                        List<SnapshotCreated> snapshots, String datastorePath, String action) {
        this(runId, jobId, jobName, workerId, mode, datastore, namespace, startedAt, completedAt, stats, snapshots,
                datastorePath, RunAction.fromWire(action));
    }

    /** What the run did; {@link RunAction#BACKUP} when the event does not say. */
    public RunAction action() {
        return RunAction.orBackup(actionOnWire);
    }

    public boolean backup() {
        return action() == RunAction.BACKUP;
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
