package io.ironcore.datastore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * One backup run: reader (calling thread) → N hashing/compressing workers → digests in image order; then indexes, then
 * the manifest. See docs/design/datastore-format.md, sections 7, 9 and 12.
 */
final class BackupRun {
    private static final System.Logger LOG = System.getLogger(BackupRun.class.getName());
    /** Chunk reads in flight at once for sources with {@link ImageSource#concurrentReads()}. */
    static final int READERS = 2;

    private final Datastore ds;
    private final BackupRequest req;
    private final int chunkSize;
    private final boolean safe;
    private final Set<Digest> seenThisRun = ConcurrentHashMap.newKeySet();
    private final AtomicLong bytesDone = new AtomicLong();
    private long bytesTotal;
    private long lastProgressNanos;
    private ChunkFsyncer fsyncer;

    /** Per-image state, filled concurrently by workers. */
    private static final class ImageRun {
        final ImageSource source;
        final long size;
        final int count;
        final byte[] digests;
        final FixedIndex parent;
        boolean bitmapUsed;
        DirtyBitmap bitmap;
        final LongAdder bytesRead = new LongAdder();
        final LongAdder bytesChanged = new LongAdder();
        final LongAdder bytesUploaded = new LongAdder();
        final LongAdder chunksNew = new LongAdder();
        final LongAdder chunksReused = new LongAdder();
        final LongAdder chunksZero = new LongAdder();
        final LongAdder chunksRepaired = new LongAdder();

        ImageRun(ImageSource source, long size, int chunkSize, FixedIndex parent) {
            this.source = source;
            this.size = size;
            this.count = (int) FixedIndex.chunkCount(size, chunkSize);
            this.digests = new byte[count * Digest.LENGTH];
            this.parent = parent;
        }

        BackupStats stats() {
            return new BackupStats(size, bytesRead.sum(), bytesChanged.sum(), bytesUploaded.sum(), count,
                    chunksNew.sum(), chunksReused.sum(), chunksZero.sum(), chunksRepaired.sum());
        }
    }

    BackupRun(Datastore ds, BackupRequest req) {
        this.ds = ds;
        this.req = req;
        this.chunkSize = ds.config().chunkSize();
        this.safe = ds.options().fsyncPolicy() == FsyncPolicy.SAFE;
    }

    BackupResult run() throws IOException {
        BackupGroup group = req.group();
        try (Lease groupLease = ds.locks().acquire(Datastore.groupLockKey(group), true,
                "backup " + group + (req.runId() == null ? "" : " run " + req.runId()))) {
            GroupOwners.claim(ds, group, req.owner(), "backup");
            Optional<SnapshotInfo> done = ds.findSnapshotByRunId(group, req.runId());
            if (done.isPresent()) {
                return new BackupResult(done.get().ref(), done.get().manifest(), true);
            }
            RunState st = new RunState(req.mode());
            try {
                chooseParent(group, st);
                Map<String, FixedIndex> previousIndexes = loadPreviousIndexes(st.previous, st.mode);
                openSnapshot(group, st);
                List<ImageRun> images = openImages(previousIndexes, st);
                writeChunks(images, st.mode);
                Indexes indexes = writeIndexes(images, st.snapDir);
                return commit(group, groupLease, st, indexes);
            } catch (Throwable t) {
                SnapshotDirs.abandon(st.snapDir, t);
                throw t;
            } finally {
                if (fsyncer != null) {
                    fsyncer.close();
                }
                if (st.writer != null) {
                    st.writer.close();
                }
                if (st.parentLease != null) {
                    st.parentLease.close();
                }
            }
        }
    }

    /**
     * What the phases of {@link #run()} hand on to each other; the writer registration and the parent lease are
     * released by {@code run()} whatever happens.
     */
    private static final class RunState {
        SnapshotInfo previous;
        BackupMode mode;
        Lease parentLease;
        Instant startedAt;
        SnapshotRef ref;
        Writers.Registration writer;
        Path snapDir;

        RunState(BackupMode mode) {
            this.mode = mode;
        }

        SnapshotRef parentRef() {
            return previous == null ? null : previous.ref();
        }
    }

    /** Index files written and what the manifest says about them. */
    private record Indexes(List<ManifestImage> images, BackupStats total) {
    }

    /**
     * Picks the newest snapshot as the parent and the effective mode; for an incremental backup, shared-locks the
     * parent so it cannot be pruned until this run is done (choosing again if it is being or was just pruned).
     */
    private void chooseParent(BackupGroup group, RunState st) throws IOException {
        for (int attempt = 0; ; attempt++) {
            List<SnapshotInfo> existing = ds.listSnapshots(group);
            st.previous = existing.isEmpty() ? null : existing.get(0);
            st.mode = req.mode();
            if (st.previous == null) {
                st.mode = BackupMode.FULL;
            } else if (st.mode == BackupMode.INCREMENTAL
                    && st.previous.lastVerify().map(v -> !v.ok()).orElse(false)) {
                LOG.log(System.Logger.Level.INFO, "last verify of " + st.previous.ref()
                        + " failed: doing a full backup");
                st.mode = BackupMode.FULL;
            }
            if (st.mode != BackupMode.INCREMENTAL) {
                break;
            }
            try {
                st.parentLease = ds.locks().acquire(Datastore.snapshotLockKey(st.previous.ref()), false,
                        "base of backup " + group);
            } catch (LockedException e) {
                if (attempt >= 2) {
                    throw e;
                }
                continue; // being pruned right now: choose again
            }
            if (Files.exists(st.previous.ref().resolve(ds.root()).resolve(ManifestCodec.FILE)) || attempt >= 2) {
                break; // still there: now it cannot be pruned until we are done
            }
            st.parentLease.close(); // pruned between listing and locking: choose again
            st.parentLease = null;
        }
        if (st.mode == BackupMode.INCREMENTAL && st.parentLease == null) {
            throw new LockedException("could not lock a parent snapshot of " + group);
        }
    }

    /** Names the new snapshot, registers this run as a writer of it and claims its directory. */
    private void openSnapshot(BackupGroup group, RunState st) throws IOException {
        st.startedAt = ds.clock().instant();
        st.ref = group.snapshot(nextTime(group, st.startedAt));
        st.writer = ds.writers().register("backup " + group, st.ref.toString());
        st.snapDir = SnapshotDirs.claim(ds.root(), st.ref, false);
    }

    /** Sizes up the disks and decides, per disk, whether its dirty bitmap can be used. */
    private List<ImageRun> openImages(Map<String, FixedIndex> previousIndexes, RunState st) throws IOException {
        List<ImageRun> images = new ArrayList<>();
        for (ImageSource src : req.images()) {
            long size = src.size();
            if (size < 0) {
                throw new IOException("image " + src.name() + " reports a negative size");
            }
            images.add(new ImageRun(src, size, chunkSize, previousIndexes.get(src.name())));
            bytesTotal += size;
        }
        SnapshotRef parentRef = st.parentRef();
        for (ImageRun im : images) {
            im.bitmap = st.mode == BackupMode.INCREMENTAL ? usableBitmap(im, parentRef) : null;
            im.bitmapUsed = im.bitmap != null;
        }
        return images;
    }

    /**
     * Reads the disks and writes their new chunks; with {@link FsyncPolicy#SAFE}, the new chunk files and their
     * directories are fsynced before it returns (so before the first index is written).
     */
    private void writeChunks(List<ImageRun> images, BackupMode mode) throws IOException {
        fsyncer = safe ? new ChunkFsyncer() : null;
        pipeline(images, mode);
        if (fsyncer != null) {
            fsyncer.finish(ds.chunks().dir());
        }
    }

    /** Writes one index file per disk into the snapshot directory (then fsyncs the directory if safe). */
    private Indexes writeIndexes(List<ImageRun> images, Path snapDir) throws IOException {
        List<ManifestImage> mimgs = new ArrayList<>();
        BackupStats total = BackupStats.EMPTY;
        for (ImageRun im : images) {
            FixedIndex idx = new FixedIndex(chunkSize, im.size, ds.encrypted(), im.digests);
            byte[] bytes = idx.encode();
            String file = FixedIndexFiles.fileName(im.source.name());
            Fs.writeAtomic(snapDir.resolve(file), bytes, safe);
            BackupStats st = im.stats();
            total = total.plus(st);
            mimgs.add(new ManifestImage(im.source.name(), im.size, im.count, file, Json.sha256Hex(bytes),
                    im.bitmapUsed, st));
        }
        if (safe) {
            Fs.fsyncDir(snapDir);
        }
        return new Indexes(mimgs, total);
    }

    /** Unless cancelled or a lease lapsed, writes the manifest, which makes the snapshot complete. */
    private BackupResult commit(BackupGroup group, Lease groupLease, RunState st, Indexes indexes)
            throws IOException {
        if (req.cancellation().isCancelled()) {
            throw new BackupCancelledException("backup of " + group + " cancelled");
        }
        if (!groupLease.stillValid() || !st.writer.stillValid()
                || (st.parentLease != null && !st.parentLease.stillValid())) {
            throw new BackupCancelledException("backup of " + group + " lost its lease (heartbeat lapsed "
                    + "longer than " + ds.options().lockStaleAfter() + "); not committing");
        }
        SnapshotRef chainBase = st.mode == BackupMode.FULL ? st.ref : st.previous.manifest().chainBase();
        Manifest m = new Manifest(Manifest.VERSION, st.ref, req.jobId(), req.runId(), st.mode, req.mode(),
                st.mode == BackupMode.FULL ? null : st.parentRef(), chainBase, st.startedAt, ds.clock().instant(),
                chunkSize, ds.encrypted(), ds.config().keyFingerprint(), indexes.images(), indexes.total(), null);
        SnapshotDirs.commit(ds.root(), st.ref, m, safe);
        reportProgress(true);
        return new BackupResult(st.ref, ds.readManifest(st.ref), false);
    }

    private Map<String, FixedIndex> loadPreviousIndexes(SnapshotInfo previous, BackupMode mode) throws IOException {
        Map<String, FixedIndex> out = new HashMap<>();
        if (previous == null) {
            return out;
        }
        for (ImageSource src : req.images()) {
            Optional<ManifestImage> mi = previous.manifest().image(src.name());
            if (mi.isEmpty()) {
                continue;
            }
            try {
                FixedIndex idx = ds.readIndex(previous.ref(), mi.get());
                if (idx.chunkSize == chunkSize) {
                    out.put(src.name(), idx);
                }
            } catch (CorruptChunkException | NoSuchFileException e) {
                if (mode == BackupMode.INCREMENTAL) {
                    throw new CorruptChunkException(null, "previous snapshot " + previous.ref()
                            + " has an unusable index (" + e.getMessage() + "); run a full backup");
                }
                // full mode only uses it for statistics
            }
        }
        return out;
    }

    private DirtyBitmap usableBitmap(ImageRun im, SnapshotRef parentRef) {
        Optional<DirtyBitmap> b = im.source.dirtyBitmap();
        if (b.isEmpty() || im.parent == null) {
            return null;
        }
        if (!b.get().basedOn().equals(parentRef)) {
            LOG.log(System.Logger.Level.INFO, "dirty bitmap of " + im.source.name() + " is based on "
                    + b.get().basedOn() + ", not on the parent " + parentRef + ": reading everything");
            return null;
        }
        if (im.parent.imageSize != im.size || im.parent.chunkSize != chunkSize) {
            return null;
        }
        return b.get();
    }

    private Instant nextTime(BackupGroup group, Instant now) throws IOException {
        Instant t = now.truncatedTo(ChronoUnit.SECONDS);
        List<Instant> times = ds.snapshotDirTimes(group);
        if (!times.isEmpty() && !t.isAfter(times.get(times.size() - 1))) {
            t = times.get(times.size() - 1).plusSeconds(1);
        }
        return t;
    }

    // ------------------------------------------------------------------ the pipeline

    private void pipeline(List<ImageRun> images, BackupMode mode) throws IOException {
        boolean full = mode == BackupMode.FULL;
        // Page-aligned direct chunk buffers: the source can read into them with O_DIRECT, and hashing, compression,
        // the CRC and the chunk write all work on them in place (no heap <-> direct copies in the JDK).
        ConcurrentLinkedQueue<ByteBuffer> buffers = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<ByteBuffer> allocated = new ConcurrentLinkedQueue<>();
        // chunk g of the run = chunk (g - starts[k]) of image k
        int[] starts = new int[images.size() + 1];
        for (int k = 0; k < images.size(); k++) {
            starts[k + 1] = starts[k] + images.get(k).count;
        }
        AtomicInteger next = new AtomicInteger();
        boolean concurrent = images.stream().allMatch(im -> im.source.concurrentReads());
        int readers = concurrent ? READERS : 1;
        try (WorkerPool workers = new WorkerPool(ds, "backup")) {
            Reader reader = new Reader(images, starts, next, workers, buffers, allocated, full);
            List<Thread> helpers = new ArrayList<>();
            try {
                for (int r = 1; r < readers; r++) {
                    Thread t = new Thread(reader::runCatching, "ironcore-backup-reader-" + (r + 1));
                    t.setDaemon(true);
                    t.start();
                    helpers.add(t);
                }
            } catch (Throwable t) {
                reader.failure.compareAndSet(null, t); // stops the readers already started
            }
            reader.runCatching();
            joinUninterruptibly(helpers);
            Throwable readFailure = reader.failure.get();
            if (readFailure != null) {
                WorkerPool.rethrow(readFailure);
            }
            workers.await();
        } finally {
            // the readers have stopped and the pool is closed: no task runs any more, every buffer can go back
            allocated.forEach(DirectBuffers::release);
        }
        if (req.cancellation().isCancelled()) {
            throw new BackupCancelledException("backup of " + req.group() + " cancelled");
        }
    }

    /**
     * Reads chunks in image order and hands them to the workers. The calling thread is one reader; for sources that
     * allow it ({@link ImageSource#concurrentReads()}) {@link #READERS} - 1 more threads read the following chunks at
     * the same time, so the device sees several requests at once. The first failure stops every reader.
     */
    private final class Reader {
        final List<ImageRun> images;
        final int[] starts;
        final AtomicInteger next;
        final WorkerPool workers;
        final ConcurrentLinkedQueue<ByteBuffer> buffers;
        final ConcurrentLinkedQueue<ByteBuffer> allocated;
        final boolean full;
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Reader(List<ImageRun> images, int[] starts, AtomicInteger next, WorkerPool workers,
               ConcurrentLinkedQueue<ByteBuffer> buffers, ConcurrentLinkedQueue<ByteBuffer> allocated, boolean full) {
            this.images = images;
            this.starts = starts;
            this.next = next;
            this.workers = workers;
            this.buffers = buffers;
            this.allocated = allocated;
            this.full = full;
        }

        void runCatching() {
            try {
                run();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }

        private void run() throws IOException {
            int total = starts[starts.length - 1];
            int k = 0;
            while (failure.get() == null && !workers.failed() && !req.cancellation().isCancelled()) {
                int g = next.getAndIncrement();
                if (g >= total) {
                    return;
                }
                while (g >= starts[k + 1]) {
                    k++;
                }
                ImageRun im = images.get(k);
                int i = g - starts[k];
                long off = (long) i * chunkSize;
                int len = (int) Math.min(chunkSize, im.size - off);
                if (im.bitmap != null && !im.bitmap.isDirty(off, len)) {
                    cleanChunk(im, i, len);
                    continue;
                }
                ByteBuffer buf = buffers.poll();
                if (buf == null) {
                    // at most 2 x workers + readers exist: submit() bounds in-flight tasks
                    buf = DirectBuffers.borrow(chunkSize);
                    allocated.add(buf);
                }
                readChunk(im.source, off, buf, len);
                im.bytesRead.add(len);
                final ByteBuffer b = buf;
                workers.submit(codec -> {
                    try {
                        processChunk(im, i, b, len, full, codec);
                    } finally {
                        buffers.add(b);
                    }
                });
            }
        }
    }

    private static void joinUninterruptibly(List<Thread> threads) {
        boolean interrupted = false;
        for (Thread t : threads) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void readChunk(ImageSource src, long off, ByteBuffer buf, int len) throws IOException {
        buf.clear().limit(len);
        long pos = off;
        while (buf.hasRemaining()) {
            int r = src.read(pos, buf);
            if (r < 0) {
                throw new IOException("image " + src.name() + " ended at " + pos + ", expected " + (off + len)
                        + " bytes");
            }
            pos += r;
        }
    }

    /** A chunk the dirty bitmap says is unchanged: take the parent's digest without reading. */
    private void cleanChunk(ImageRun im, int i, int len) {
        System.arraycopy(im.parent.digests, i * Digest.LENGTH, im.digests, i * Digest.LENGTH, Digest.LENGTH);
        if (ds.zeroDigest(len).equalsAt(im.parent.digests, i * Digest.LENGTH)) {
            im.chunksZero.increment();
        } else {
            im.chunksReused.increment();
        }
        bytesDone.addAndGet(len);
        reportProgress(false);
    }

    private void processChunk(ImageRun im, int i, ByteBuffer buf, int len, boolean full, ChunkCodec codec)
            throws IOException {
        boolean zero = ChunkCodec.isZero(buf, len);
        Digest d = zero ? ds.zeroDigest(len) : codec.digest(buf, len);
        d.copyTo(im.digests, i * Digest.LENGTH);
        FixedIndex parent = im.parent;
        boolean unchanged = parent != null && i < parent.count() && parent.chunkLength(i) == len
                && d.equalsAt(parent.digests, i * Digest.LENGTH);
        if (!unchanged) {
            im.bytesChanged.add(len);
        }
        if (zero) {
            im.chunksZero.increment();
        }
        boolean stored;
        if (unchanged && !full) {
            stored = false; // the parent references it; the parent is shared-locked and GC marks it
        } else if (!seenThisRun.add(d)) {
            stored = false; // another chunk of this run has (or is) storing it
        } else {
            stored = ensureStored(im, d, buf, len, full, unchanged, codec);
        }
        if (!zero) {
            if (stored) {
                im.chunksNew.increment();
            } else {
                im.chunksReused.increment();
            }
        }
        bytesDone.addAndGet(len);
        reportProgress(false);
    }

    /** Makes sure chunk {@code d} is in the store; returns true if this call wrote it. */
    private boolean ensureStored(ImageRun im, Digest d, ByteBuffer buf, int len, boolean full, boolean inParent,
                                 ChunkCodec codec) throws IOException {
        FileTime now = FileTime.from(ds.clock().instant());
        ChunkStore store = ds.chunks();
        if (full) {
            boolean repair = false;
            try {
                int blobLen = store.read(d, len, codec);
                int n = codec.decode(d, codec.readBuffer(0), blobLen, len, false);
                if (n == len && ByteBuffer.wrap(codec.plain(), 0, len).mismatch(buf.slice(0, len)) < 0) {
                    if (store.touch(d, now)) {
                        return false;
                    }
                } else {
                    repair = true;
                }
            } catch (NoSuchFileException e) {
                repair = inParent; // missing although the previous snapshot references it
            } catch (CorruptChunkException e) {
                LOG.log(System.Logger.Level.WARNING, "full backup repairs " + e.getMessage());
                repair = true;
            }
            write(im, d, buf, len, now, codec);
            if (repair) {
                im.chunksRepaired.increment();
            }
            return true;
        }
        if (store.touch(d, now)) {
            return false;
        }
        write(im, d, buf, len, now, codec);
        return true;
    }

    private void write(ImageRun im, Digest d, ByteBuffer buf, int len, FileTime now, ChunkCodec codec)
            throws IOException {
        int blobLen = codec.encode(d, buf, len);
        boolean[] createdFanout = new boolean[1];
        ChunkStore store = ds.chunks();
        int alignment = store.directWriteAlignment();
        ByteBuffer padded = alignment > 0 ? codec.paddedBlob(buf, len, blobLen, alignment) : null;
        Path p = padded != null ? store.writeDirect(d, padded, blobLen, now, createdFanout)
                : store.write(d, codec.blob(buf, len, blobLen), now, createdFanout);
        im.bytesUploaded.add(blobLen);
        if (fsyncer != null) {
            fsyncer.submit(p, createdFanout[0]);
        }
    }

    private void reportProgress(boolean last) {
        long interval = ds.options().progressInterval().toNanos();
        synchronized (this) {
            long now = System.nanoTime();
            if (!last && lastProgressNanos != 0 && now - lastProgressNanos < interval) {
                return;
            }
            if (!last && lastProgressNanos == 0) {
                lastProgressNanos = now;
                return;
            }
            lastProgressNanos = now;
            try {
                req.progress().progress(last ? bytesTotal : bytesDone.get(), bytesTotal);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "progress listener failed: " + e);
            }
        }
    }
}
