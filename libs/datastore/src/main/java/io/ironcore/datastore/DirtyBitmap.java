package io.ironcore.datastore;

import java.util.BitSet;
import java.util.Objects;

/**
 * Which blocks of an image changed since snapshot {@code basedOn}: bit {@code i} covers bytes
 * {@code [i*granularity, (i+1)*granularity)}. Any granularity works; a chunk is dirty if any block overlapping it is
 * dirty. The engine uses the bitmap only if {@code basedOn} is the parent it chose and image and chunk size did not
 * change; otherwise it reads everything.
 */
public record DirtyBitmap(SnapshotRef basedOn, long granularity, BitSet dirty) {
    public DirtyBitmap {
        Objects.requireNonNull(basedOn, "basedOn");
        Objects.requireNonNull(dirty, "dirty");
        if (granularity <= 0) {
            throw new IllegalArgumentException("granularity must be positive");
        }
        dirty = (BitSet) dirty.clone();
    }

    /** A bitmap whose blocks are chunks of the given size. */
    public static DirtyBitmap ofChunks(SnapshotRef basedOn, int chunkSize, BitSet dirtyChunks) {
        return new DirtyBitmap(basedOn, chunkSize, dirtyChunks);
    }

    @Override
    public BitSet dirty() {
        return (BitSet) dirty.clone();
    }

    /** True if any block overlapping {@code [offset, offset+length)} is dirty. */
    public boolean isDirty(long offset, long length) {
        if (length <= 0) {
            return false;
        }
        long first = offset / granularity;
        long last = (offset + length - 1) / granularity;
        if (first > Integer.MAX_VALUE) {
            return false;
        }
        int next = dirty.nextSetBit((int) first);
        return next >= 0 && next <= last;
    }
}
