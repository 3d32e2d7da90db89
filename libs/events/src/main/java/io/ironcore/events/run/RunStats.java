package io.ironcore.events.run;

/**
 * What a run read and wrote.
 *
 * @param bytesRead     bytes read from the sources
 * @param bytesChanged  bytes of chunks that differ from the previous snapshot (all of them for a full run)
 * @param bytesWritten  bytes added to the datastore (after compression)
 * @param chunks        chunks referenced by the new snapshots
 * @param chunksWritten chunks the datastore lacked and that were written
 * @param chunksReused  chunks already in the datastore
 * @param chunksZero    all-zero chunks
 */
public record RunStats(long bytesRead, long bytesChanged, long bytesWritten, long chunks, long chunksWritten,
                       long chunksReused, long chunksZero) {
}
