package io.ironcore.events.sync;

import io.ironcore.events.Validated;

import java.time.Instant;
import java.util.List;

/**
 * {@code io.ironcore.backup.sync.failed.v1} on {@code ironcore.sync-events}, key = sync job id: a sync run could not
 * complete. The snapshots it copied before the failure are complete in the target; the one it was copying is not
 * visible there.
 *
 * @param copied the snapshots copied before the failure
 */
public record SyncFailed(String syncRunId, String syncJobId, String syncJobName, String project,
                         List<SyncedSnapshot> copied, Instant failedAt, String reason) implements Validated {
    @Override
    public void validate() {
        Validated.require(syncRunId, "syncRunId");
        Validated.require(syncJobId, "syncJobId");
        Validated.require(failedAt, "failedAt");
        Validated.require(reason, "reason");
    }
}
