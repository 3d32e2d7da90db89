package io.ironcore.events.job;

import io.ironcore.events.Validated;

import java.time.Instant;

/** {@code io.ironcore.backup.job.enabled.v1}: an operator resumed the job. Slots of the paused period are not run. */
public record JobEnabled(String jobId, String name, String project, long version, Instant enabledAt)
        implements Validated {
    @Override
    public void validate() {
        Validated.require(jobId, "jobId");
        Validated.require(enabledAt, "enabledAt");
    }
}
