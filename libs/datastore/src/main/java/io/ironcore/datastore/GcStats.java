package io.ironcore.datastore;

import java.time.Instant;

/**
 * Result of a GC run.
 *
 * @param cutoff                  chunks with a mark (mtime) older than this were removed
 * @param chunksScanned           chunk files seen in the sweep
 * @param chunksMarked            distinct chunks referenced by some index
 * @param chunksRemoved           chunk files deleted
 * @param bytesFreed              bytes of deleted chunk files
 * @param chunksPendingGrace      unreferenced chunks kept because they are newer than the cutoff
 * @param bytesPendingGrace       their bytes
 * @param missingChunks           referenced chunks that do not exist (run verify)
 * @param tempFilesRemoved        stale temp files deleted
 * @param abandonedSnapshotsRemoved snapshot directories without a manifest deleted
 * @param staleWritersRemoved     stale writer registrations deleted
 */
public record GcStats(Instant startedAt, Instant cutoff, long indexesMarked, long chunksScanned, long chunksMarked,
                      long chunksRemoved, long bytesFreed, long chunksPendingGrace, long bytesPendingGrace,
                      long missingChunks, long tempFilesRemoved, long abandonedSnapshotsRemoved,
                      long staleWritersRemoved) {
}
