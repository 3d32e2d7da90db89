package io.ironcore.events.job;

import io.ironcore.events.Validated;

import java.time.Instant;

/** {@code io.ironcore.backup.job.created.v1} on {@code ironcore.job-events}, key = job id. */
public record JobCreated(String jobId, String name, String project, JobSpec spec, Instant createdAt)
        implements Validated {
    @Override
    public void validate() {
        Validated.require(jobId, "jobId");
        Validated.require(name, "name");
        Validated.require(spec, "spec");
        Validated.require(createdAt, "createdAt");
        spec.validate();
    }
}
