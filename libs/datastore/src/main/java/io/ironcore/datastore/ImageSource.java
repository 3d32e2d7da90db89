package io.ironcore.datastore;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A disk image to back up. The engine reads it with positional reads of one chunk each (large, sequential), from one
 * thread, or, if {@link #concurrentReads()} says so, from a few threads at once. A source may supply a
 * {@link DirtyBitmap} telling which blocks changed since a given snapshot (the way a hypervisor's dirty bitmap serves
 * an incremental backup); then only dirty blocks are read. The caller owns the source and closes it.
 */
public interface ImageSource extends Closeable {
    /** Image name inside the snapshot, e.g. {@code drive-scsi0} ({@code [A-Za-z0-9_][A-Za-z0-9._-]*}). */
    String name();

    /**
     * Size of the image in bytes; constant during the backup. A source that cannot tell its size throws rather than
     * answer 0: a disk backed up as an empty image would look like a good backup. (Whether an image of size 0 may be
     * backed up is the caller's call: the backup-worker refuses one.)
     */
    long size() throws IOException;

    /**
     * Reads up to {@code dst.remaining()} bytes at {@code position} into {@code dst}, like
     * {@link java.nio.channels.FileChannel#read(ByteBuffer, long)}: returns the number of bytes read, -1 at the end.
     */
    int read(long position, ByteBuffer dst) throws IOException;

    /**
     * True if {@link #read} may be called from several threads at once (each reading a different chunk), which lets
     * the engine keep several reads in flight: a disk or network reaches its throughput only with more than one
     * request outstanding. Default false: one thread at a time reads.
     */
    default boolean concurrentReads() {
        return false;
    }

    /** Blocks changed since {@link DirtyBitmap#basedOn()}; empty if unknown (then everything is read). */
    default Optional<DirtyBitmap> dirtyBitmap() {
        return Optional.empty();
    }

    @Override
    default void close() throws IOException {
    }
}
