package io.ironcore.events.run;

import io.ironcore.events.Validated;

import java.time.Instant;

/**
 * {@code io.ironcore.backup.run.progress.v1} on {@code ironcore.run-events}, key = job id: how far a running run
 * is, every few seconds.
 *
 * @param bytesPerSecond the rate since the run started
 */
public record RunProgress(String runId, String jobId, String jobName, String workerId, long bytesDone,
                          long bytesTotal, long bytesPerSecond, Instant at) implements Validated {
    @Override
    public void validate() {
        Validated.require(runId, "runId");
        Validated.require(jobId, "jobId");
        Validated.require(at, "at");
    }
}
