package io.ironcore.events.run;

import io.ironcore.events.Validated;

import java.time.Instant;

/** {@code io.ironcore.backup.run.failed.v1} on {@code ironcore.run-events}, key = job id. */
public record RunFailed(String runId, String jobId, String jobName, String workerId, int attempt,
                        Instant failedAt, String reason) implements Validated {
    @Override
    public void validate() {
        Validated.require(runId, "runId");
        Validated.require(jobId, "jobId");
        Validated.require(failedAt, "failedAt");
        Validated.require(reason, "reason");
    }
}
