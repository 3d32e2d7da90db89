package io.ironcore.datastore;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A process-wide pool of page-aligned direct buffers, by capacity. The backup path reads, hashes, compresses and writes
 * chunks in direct memory, so the JDK never copies a chunk between the heap and a temporary direct buffer, and an
 * aligned buffer can take an {@code O_DIRECT} read of the image. Direct memory is only returned to the OS when its
 * buffer is garbage-collected, so buffers are kept and reused across runs (and datastores) instead; at most
 * {@link #MAX_IDLE_PER_SIZE} idle buffers of one capacity are kept.
 */
final class DirectBuffers {
    static final int ALIGNMENT = 4096;
    static final int MAX_IDLE_PER_SIZE = 2 * Runtime.getRuntime().availableProcessors() + 4;

    private static final Map<Integer, Pool> POOLS = new ConcurrentHashMap<>();

    private static final class Pool {
        final ConcurrentLinkedQueue<ByteBuffer> idle = new ConcurrentLinkedQueue<>();
        final AtomicInteger idleCount = new AtomicInteger();
    }

    private DirectBuffers() {
    }

    /** A cleared direct buffer of exactly {@code capacity} bytes whose first byte is page-aligned. */
    static ByteBuffer borrow(int capacity) {
        Pool p = POOLS.computeIfAbsent(capacity, c -> new Pool());
        ByteBuffer b = p.idle.poll();
        if (b != null) {
            p.idleCount.decrementAndGet();
            return b.clear();
        }
        int rounded = (capacity + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        ByteBuffer raw = ByteBuffer.allocateDirect(rounded + ALIGNMENT);
        ByteBuffer aligned = raw.alignedSlice(ALIGNMENT);
        return aligned.limit(capacity).slice();
    }

    /** Gives a buffer from {@link #borrow} back; it must not be used afterwards. */
    static void release(ByteBuffer b) {
        if (b == null) {
            return;
        }
        Pool p = POOLS.computeIfAbsent(b.capacity(), c -> new Pool());
        if (p.idleCount.incrementAndGet() <= MAX_IDLE_PER_SIZE) {
            p.idle.add(b);
        } else {
            p.idleCount.decrementAndGet(); // dropped: freed when collected
        }
    }
}
