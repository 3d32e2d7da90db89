package io.ironcore.events.prune;

import io.ironcore.events.Validated;

import java.time.Instant;

/** {@code io.ironcore.backup.prune.failed.v1} on {@code ironcore.prune-events}: a prune pass could not complete. */
public record PruneFailed(String pruneId, String jobId, String jobName, String runId, String datastore,
                          Instant failedAt, String reason) implements Validated {
    @Override
    public void validate() {
        Validated.require(pruneId, "pruneId");
        Validated.require(jobId, "jobId");
        Validated.require(failedAt, "failedAt");
        Validated.require(reason, "reason");
    }
}
