package io.ironcore.events.job;

import io.ironcore.events.Validated;

import java.time.Instant;

/** {@code io.ironcore.backup.job.deleted.v1}: the job is gone; its snapshots stay in the datastore. */
public record JobDeleted(String jobId, String name, String project, Instant deletedAt) implements Validated {
    @Override
    public void validate() {
        Validated.require(jobId, "jobId");
        Validated.require(deletedAt, "deletedAt");
    }
}
