package io.ironcore.datastore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A source that blocks before reading {@code blockAt} until released; {@code reached} opens when it blocks. */
class BlockingSource extends TestSupport.ArraySource {
    final CountDownLatch reached = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final long blockAt;
    volatile IOException failWith;

    BlockingSource(String name, byte[] data, long blockAt) {
        super(name, data, null);
        this.blockAt = blockAt;
    }

    @Override
    void beforeRead(long position) throws IOException {
        if (position == blockAt) {
            reached.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("test source was never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            if (failWith != null) {
                throw failWith;
            }
        }
    }

    void awaitReached() throws InterruptedException {
        if (!reached.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("backup never reached the blocking read");
        }
    }

    @Override
    public int read(long position, ByteBuffer dst) throws IOException {
        return super.read(position, dst);
    }
}
