package io.ironcore.events.job;

import io.ironcore.events.MalformedEventException;
import io.ironcore.events.Validated;

import java.time.Instant;

/**
 * {@code io.ironcore.backup.job.definition.v1} on {@code ironcore.job-definitions}, key = job id: the job as it is
 * after a change (created, updated, paused, resumed, its notification group's recipients changed). Not a fact but
 * the current state, as a KTable's changelog holds it: the topic is compacted, so it keeps the last definition of
 * each job, and a deleted job ends in a tombstone (the same key, a null value, this type in {@code ce_type}).
 *
 * @param spec    the whole spec, as JobCreated and JobUpdated carry it
 * @param enabled false while the job is paused (the same as {@code spec.enabled})
 * @param version the job's version (its ETag): a reader keeps the higher one
 */
public record JobDefinition(String jobId, String name, String project, JobSpec spec, Boolean enabled, long version,
                            Instant createdAt, Instant updatedAt)
        implements Validated {

    @Override
    public void validate() {
        Validated.require(jobId, "jobId");
        Validated.require(name, "name");
        Validated.require(project, "project");
        Validated.require(spec, "spec");
        Validated.require(enabled, "enabled");
        Validated.require(createdAt, "createdAt");
        Validated.require(updatedAt, "updatedAt");
        if (version < 1) {
            throw new MalformedEventException("missing required field 'version'");
        }
        spec.validate();
    }
}
