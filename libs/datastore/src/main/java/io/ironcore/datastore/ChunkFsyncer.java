package io.ironcore.datastore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Background fsync of new chunk files (FsyncPolicy.SAFE): off the hashing/compressing path, awaited before the first
 * index is written, followed by an fsync of every fan-out directory that got new entries.
 */
final class ChunkFsyncer implements AutoCloseable {
    private final ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "ironcore-fsync");
        t.setDaemon(true);
        return t;
    });
    private final ConcurrentLinkedQueue<Future<?>> pending = new ConcurrentLinkedQueue<>();
    private final Set<Path> dirs = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean createdFanout = new AtomicBoolean();

    void submit(Path chunkFile, boolean newFanoutDir) {
        dirs.add(chunkFile.getParent());
        if (newFanoutDir) {
            createdFanout.set(true);
        }
        fsyncInPool(chunkFile, false);
    }

    private void fsyncInPool(Path path, boolean directory) {
        pending.add(pool.submit(() -> {
            if (directory) {
                Fs.fsyncDir(path);
            } else {
                Fs.fsyncFile(path);
            }
            return null;
        }));
    }

    /**
     * Waits for every chunk fsync, then fsyncs the touched directories (in the pool too: the journal commits
     * concurrent fsyncs together).
     */
    void finish(Path chunksDir) throws IOException {
        await();
        for (Path d : dirs) {
            fsyncInPool(d, true);
        }
        if (createdFanout.get()) {
            fsyncInPool(chunksDir, true);
        }
        await();
    }

    private void await() throws IOException {
        Future<?> f;
        while ((f = pending.poll()) != null) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackupCancelledException("interrupted while syncing chunks");
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                throw c instanceof IOException io ? io : new IOException("chunk fsync failed", c);
            }
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
