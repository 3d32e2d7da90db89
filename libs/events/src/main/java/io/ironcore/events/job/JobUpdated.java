package io.ironcore.events.job;

import io.ironcore.events.Validated;

import java.time.Instant;

/**
 * {@code io.ironcore.backup.job.updated.v1} on {@code ironcore.job-events}, key = job id. Carries the whole spec
 * after the change, so a consumer never needs the previous events to know the job.
 */
public record JobUpdated(String jobId, String name, String project, long version, JobSpec spec, Instant updatedAt)
        implements Validated {
    @Override
    public void validate() {
        Validated.require(jobId, "jobId");
        Validated.require(name, "name");
        Validated.require(spec, "spec");
        Validated.require(updatedAt, "updatedAt");
        if (version < 1) {
            throw new io.ironcore.events.MalformedEventException("missing required field 'version'");
        }
        spec.validate();
    }
}
