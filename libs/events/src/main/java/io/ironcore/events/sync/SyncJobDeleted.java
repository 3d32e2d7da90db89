package io.ironcore.events.sync;

import io.ironcore.events.Validated;

import java.time.Instant;

/**
 * {@code io.ironcore.backup.syncjob.deleted.v1} on {@code ironcore.job-events}, key = sync job id: the sync job is
 * gone (it ticks no more, its queued runs are cancelled); what it copied stays in the target datastore.
 */
public record SyncJobDeleted(String syncJobId, String name, String project, Instant deletedAt) implements Validated {
    @Override
    public void validate() {
        Validated.require(syncJobId, "syncJobId");
        Validated.require(deletedAt, "deletedAt");
    }
}
