package io.ironcore.datastore;

/**
 * Statistics of one backup (per image and in total). Chunk counts are disjoint:
 * {@code chunksTotal = chunksZero + chunksNew + chunksReused}.
 *
 * @param bytesTotal    image bytes covered by the snapshot
 * @param bytesRead     bytes read from the source (clean blocks of a dirty bitmap are not read)
 * @param bytesChanged  bytes of chunks that differ from the same position in the previous snapshot (all, if none)
 * @param bytesUploaded bytes of chunk files written (after compression/encryption, with headers)
 * @param chunksTotal   chunks in the index(es)
 * @param chunksNew     non-zero chunks written by this backup
 * @param chunksReused  non-zero chunks already stored (unchanged, or found in the datastore)
 * @param chunksZero    all-zero chunks
 * @param chunksRepaired chunks a full backup found missing or corrupt and rewrote (included in chunksNew)
 */
public record BackupStats(long bytesTotal, long bytesRead, long bytesChanged, long bytesUploaded, long chunksTotal,
                          long chunksNew, long chunksReused, long chunksZero, long chunksRepaired) {
    public static final BackupStats EMPTY = new BackupStats(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public BackupStats plus(BackupStats o) {
        return new BackupStats(bytesTotal + o.bytesTotal, bytesRead + o.bytesRead, bytesChanged + o.bytesChanged,
                bytesUploaded + o.bytesUploaded, chunksTotal + o.chunksTotal, chunksNew + o.chunksNew,
                chunksReused + o.chunksReused, chunksZero + o.chunksZero, chunksRepaired + o.chunksRepaired);
    }
}
