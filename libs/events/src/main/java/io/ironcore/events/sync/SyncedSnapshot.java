package io.ironcore.events.sync;

/**
 * One snapshot a sync run copied: its id in the source datastore, its id in the target, and what the copy cost (only
 * the chunks the target lacked are copied).
 */
public record SyncedSnapshot(String sourceSnapshotId, String snapshotId, long chunksCopied, long bytesCopied) {
}
