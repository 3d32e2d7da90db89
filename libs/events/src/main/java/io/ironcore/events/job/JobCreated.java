package io.ironcore.events.job;

import io.ironcore.events.Validated;

import java.time.Instant;

/**
 * {@code io.ironcore.backup.job.created.v1} on {@code ironcore.job-events}, key = job id.
 *
 * @param version the job's version after this change (1); absent in events of the walking skeleton
 */
public record JobCreated(String jobId, String name, String project, JobSpec spec, Instant createdAt, Long version)
        implements Validated {

    public JobCreated(String jobId, String name, String project, JobSpec spec, Instant createdAt) {
        this(jobId, name, project, spec, createdAt, null);
    }

    @Override
    public void validate() {
        Validated.require(jobId, "jobId");
        Validated.require(name, "name");
        Validated.require(spec, "spec");
        Validated.require(createdAt, "createdAt");
        spec.validate();
    }
}
