package io.ironcore.datastore;

import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A bounded pool of worker threads, each with its own chunk codec; the first failure stops further work. */
final class WorkerPool implements AutoCloseable {
    interface Task {
        void run(ChunkCodec codec) throws Exception;
    }

    private final Datastore ds;
    private final ExecutorService pool;
    private final Semaphore slots;
    private final int permits;
    private final ConcurrentLinkedQueue<ChunkCodec> codecs = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<ChunkCodec> codec;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    WorkerPool(Datastore ds, String name) {
        this.ds = ds;
        int n = ds.options().workerThreads();
        this.permits = 2 * n;
        this.slots = new Semaphore(permits);
        AtomicInteger no = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "ironcore-" + name + "-" + no.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.codec = ThreadLocal.withInitial(() -> {
            ChunkCodec c = ds.borrowCodec();
            codecs.add(c);
            return c;
        });
    }

    boolean failed() {
        return failure.get() != null;
    }

    /** Submits a task, waiting while 2 x threads tasks are in flight. */
    void submit(Task task) throws IOException {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatastoreException("interrupted");
        }
        pool.execute(() -> {
            try {
                if (failure.get() == null) {
                    task.run(codec.get());
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            } finally {
                slots.release();
            }
        });
    }

    /** Waits for all submitted tasks and rethrows the first failure. */
    void await() throws IOException {
        drain();
        Throwable t = failure.get();
        if (t != null) {
            rethrow(t);
        }
    }

    /** Throws {@code t} as it is if it is an IOException or unchecked, else wrapped in an IOException. */
    static void rethrow(Throwable t) throws IOException {
        if (t instanceof IOException e) {
            throw e;
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IOException(t);
    }

    /** Waits (uninterruptibly) until no task is in flight. */
    private void drain() {
        boolean interrupted = false;
        while (true) {
            try {
                slots.acquire(permits);
                slots.release(permits);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Skips queued tasks, waits for running ones (nothing runs after the caller cleans up), stops the threads. */
    @Override
    public void close() {
        failure.compareAndSet(null, new BackupCancelledException("worker pool closed"));
        drain();
        pool.shutdown();
        ChunkCodec c;
        while ((c = codecs.poll()) != null) {
            ds.returnCodec(c);
        }
    }
}
