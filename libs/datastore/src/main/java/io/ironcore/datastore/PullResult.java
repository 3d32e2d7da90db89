package io.ironcore.datastore;

/**
 * Outcome of {@link Datastore#pull}: the snapshot as it is now in the target datastore.
 *
 * @param alreadyPresent true if the target had the snapshot already (nothing was copied)
 * @param chunksCopied   distinct chunks the target lacked and got from the source
 * @param chunksPresent  distinct chunks the target had already (deduplicated, touched for GC)
 * @param bytesCopied    bytes of chunk files written into the target
 */
public record PullResult(SnapshotRef snapshot, SnapshotRef source, boolean alreadyPresent, long chunksCopied,
                         long chunksPresent, long bytesCopied) {
}
