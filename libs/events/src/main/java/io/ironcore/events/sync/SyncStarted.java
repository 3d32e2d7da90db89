package io.ironcore.events.sync;

import io.ironcore.events.Validated;

import java.time.Instant;

/**
 * {@code io.ironcore.backup.sync.started.v1} on {@code ironcore.sync-events}, key = sync job id: a sync run began to
 * copy snapshots from the source datastore and namespace to the target.
 *
 * @param syncRunId the run; one per tick of the sync job ({@code tickId})
 */
public record SyncStarted(String syncRunId, String syncJobId, String syncJobName, String project, String tickId,
                          String source, String sourceNamespace, String target, String targetNamespace,
                          Instant startedAt) implements Validated {
    @Override
    public void validate() {
        Validated.require(syncRunId, "syncRunId");
        Validated.require(syncJobId, "syncJobId");
        Validated.require(startedAt, "startedAt");
    }
}
