package io.ironcore.datastore;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * An image source whose reads are held to a number of bytes per second (like borg's and restic's rate limits, or
 * Proxmox Backup Server's traffic control): a backup during business hours leaves the hypervisor's storage to the
 * VMs. Each read reserves its bytes on one schedule shared by all reading threads and waits until that schedule allows
 * them; the average never exceeds the limit, and a read is never split. Everything else is the wrapped source's.
 */
public final class RateLimitedSource implements ImageSource {
    private final ImageSource delegate;
    private final double bytesPerNano;
    private long nextFreeNanos;
    private boolean started;

    public RateLimitedSource(ImageSource delegate, long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bytesPerSecond must be positive: " + bytesPerSecond);
        }
        this.delegate = delegate;
        this.bytesPerNano = bytesPerSecond / 1e9;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public int read(long position, ByteBuffer dst) throws IOException {
        long waitUntil = reserve(dst.remaining());
        long wait;
        while ((wait = waitUntil - System.nanoTime()) > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while rate-limited");
            }
        }
        return delegate.read(position, dst);
    }

    /** Books {@code bytes} on the schedule; returns when the read may start. */
    private synchronized long reserve(int bytes) {
        long now = System.nanoTime();
        if (!started || nextFreeNanos < now) {
            nextFreeNanos = now; // no credit for idle time: the limit holds over any interval
            started = true;
        }
        long start = nextFreeNanos;
        nextFreeNanos += (long) (bytes / bytesPerNano);
        return start;
    }

    @Override
    public boolean concurrentReads() {
        return delegate.concurrentReads();
    }

    @Override
    public Optional<DirtyBitmap> dirtyBitmap() {
        return delegate.dirtyBitmap();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
