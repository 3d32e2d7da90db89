package io.ironcore.events.job;

import io.ironcore.events.Validated;

import java.time.Instant;

/** {@code io.ironcore.backup.job.disabled.v1}: an operator paused the job; it does not run on schedule. */
public record JobDisabled(String jobId, String name, String project, long version, Instant disabledAt)
        implements Validated {
    @Override
    public void validate() {
        Validated.require(jobId, "jobId");
        Validated.require(disabledAt, "disabledAt");
    }
}
