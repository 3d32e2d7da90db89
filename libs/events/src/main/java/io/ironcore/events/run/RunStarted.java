package io.ironcore.events.run;

import io.ironcore.events.Validated;

import java.time.Instant;

/** {@code io.ironcore.backup.run.started.v1} on {@code ironcore.run-events}, key = job id. */
public record RunStarted(String runId, String jobId, String jobName, String workerId, int attempt,
                         Instant startedAt) implements Validated {
    @Override
    public void validate() {
        Validated.require(runId, "runId");
        Validated.require(jobId, "jobId");
        Validated.require(startedAt, "startedAt");
    }
}
