package io.ironcore.events.sync;

import io.ironcore.events.Validated;

import java.time.Instant;

/**
 * {@code io.ironcore.backup.sync.requested.v1} on {@code ironcore.job-events}, key = sync job id: a user asked for a
 * sync run now (Run Now), besides the schedule's.
 *
 * @param syncRunId {@code syncJobId@requestedAt} (to the second), the id of the run it queues
 */
public record SyncRequested(String syncRunId, String syncJobId, String name, String project, String requestedBy,
                            Instant requestedAt) implements Validated {
    @Override
    public void validate() {
        Validated.require(syncRunId, "syncRunId");
        Validated.require(syncJobId, "syncJobId");
        Validated.require(requestedAt, "requestedAt");
    }
}
