package io.ironcore.events.prune;

import io.ironcore.events.Validated;

import java.time.Instant;
import java.util.List;

/**
 * {@code io.ironcore.backup.prune.completed.v1} on {@code ironcore.prune-events}, key = job id: a prune pass applied
 * the job's retention to the snapshots the job made in its datastore and namespace.
 *
 * @param runId the run whose completion started the pass
 */
public record PruneCompleted(String pruneId, String jobId, String jobName, String runId, String datastore,
                             String namespace, String retention, List<SnapshotDecision> kept,
                             List<SnapshotDecision> removed, Instant completedAt) implements Validated {
    @Override
    public void validate() {
        Validated.require(pruneId, "pruneId");
        Validated.require(jobId, "jobId");
        Validated.require(kept, "kept");
        Validated.require(removed, "removed");
        Validated.require(completedAt, "completedAt");
    }
}
