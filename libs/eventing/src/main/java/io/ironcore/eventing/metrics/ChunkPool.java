package io.ironcore.eventing.metrics;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The 64 KiB pieces of text kept from one scrape to the next, up to a bound: the fleet text of 10,000 jobs (22 MB)
 * would otherwise be new garbage at each scrape, and live long enough to be copied and promoted by the collector.
 */
final class ChunkPool {
    /** Keeps none: every piece is new. */
    static final ChunkPool NONE = new ChunkPool(0);

    private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger kept = new AtomicInteger();
    private final int max;

    /** At most {@code max} pieces kept ({@code max} × 64 KiB). */
    ChunkPool(int max) {
        this.max = max;
    }

    byte[] take() {
        byte[] b = free.poll();
        if (b == null) {
            return new byte[TextBuffer.CHUNK];
        }
        kept.decrementAndGet();
        return b;
    }

    /** Keeps a full-size piece, unless the pool is full; smaller ones are left to the collector. */
    void give(byte[] b) {
        if (b.length != TextBuffer.CHUNK) {
            return;
        }
        if (kept.incrementAndGet() <= max) {
            free.add(b);
        } else {
            kept.decrementAndGet();
        }
    }

    int kept() {
        return kept.get();
    }
}
