package io.ironcore.events.sync;

import io.ironcore.events.Validated;
import io.ironcore.events.prune.SnapshotDecision;

import java.time.Instant;
import java.util.List;

/**
 * {@code io.ironcore.backup.sync.completed.v1} on {@code ironcore.sync-events}, key = sync job id: a sync run copied
 * the full snapshots the target lacked (those the target's retention keeps), then applied the target's retention.
 *
 * @param copied         the snapshots copied by this run, oldest first
 * @param alreadyPresent full snapshots of the source the target had already
 * @param chunksCopied   distinct chunks written into the target, over all copied snapshots
 * @param chunksPresent  distinct chunks the target had already (deduplicated)
 * @param bytesCopied    bytes of chunk files written into the target
 * @param removed        snapshots of the target that its retention removed
 */
public record SyncCompleted(String syncRunId, String syncJobId, String syncJobName, String project, String source,
                            String sourceNamespace, String target, String targetNamespace, List<SyncedSnapshot> copied,
                            int alreadyPresent, long chunksCopied, long chunksPresent, long bytesCopied,
                            List<SnapshotDecision> removed, Instant startedAt, Instant completedAt)
        implements Validated {
    @Override
    public void validate() {
        Validated.require(syncRunId, "syncRunId");
        Validated.require(syncJobId, "syncJobId");
        Validated.require(copied, "copied");
        Validated.require(removed, "removed");
        Validated.require(completedAt, "completedAt");
    }
}
