package io.ironcore.datastore;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Mark-and-sweep garbage collection with PBS semantics (docs/design/datastore-format.md, section 9): mark every chunk
 * referenced by any index (mtime = now), then remove chunks whose mark is older than
 * {@code min(gcStart - grace, oldestRunningWriterStart) - safetyMargin}.
 */
public final class GarbageCollector {
    private static final System.Logger LOG = System.getLogger(GarbageCollector.class.getName());
    static final String GC_LOCK = "gc";

    private final Datastore ds;

    GarbageCollector(Datastore ds) {
        this.ds = ds;
    }

    public GcStats run(GcOptions options) throws IOException {
        try (Lease lease = ds.locks().acquire(GC_LOCK, true, "garbage collection")) {
            return collect(options);
        }
    }

    private GcStats collect(GcOptions options) throws IOException {
        Instant start = ds.clock().instant();
        // 1. running writers
        RunningWriters writers = scanWriters();
        // 2. cutoff
        Instant cutoff = cutoff(start, writers.oldest(), options);
        FileTime cutoffTime = FileTime.from(cutoff);

        // 3. abandoned snapshot directories and stray temp files, 4. mark
        long temps = removeOldTemps(ds.root().resolve(Locks.DIR), cutoffTime)
                + removeOldTemps(ds.root().resolve(Writers.DIR), cutoffTime);
        MarkPhase mark = new MarkPhase(writers.snapshots(), cutoffTime, FileTime.from(start));
        mark.markAllIndexes();
        if (mark.missing > 0) {
            LOG.log(System.Logger.Level.WARNING, "GC: " + mark.missing + " referenced chunks are missing; run verify");
        }

        // 5. sweep
        SweepPhase sweep = new SweepPhase(cutoffTime, FileTime.from(start));
        sweep.sweepChunks();
        return new GcStats(start, cutoff, mark.indexes, sweep.scanned, mark.marked.size(), sweep.removed, sweep.freed,
                sweep.pending, sweep.pendingBytes, mark.missing, temps + mark.temps + sweep.temps, mark.abandoned,
                writers.stale());
    }

    /**
     * Running writers, as seen at the start of a GC run.
     *
     * @param oldest    start of the oldest live writer, or {@code null} if none runs
     * @param snapshots snapshots (as {@link SnapshotRef#toString()}) that live writers are creating
     * @param stale     stale writer registrations removed
     */
    private record RunningWriters(Instant oldest, Set<String> snapshots, long stale) {
    }

    /** Phase 1: lists the running writers and removes stale writer registrations. */
    private RunningWriters scanWriters() throws IOException {
        Instant oldestWriter = null;
        Set<String> liveSnapshots = new HashSet<>();
        long staleWriters = 0;
        for (Writers.Info w : ds.writers().list()) {
            if (w.stale()) {
                LOG.log(System.Logger.Level.INFO, "GC: removing stale writer registration " + w.file());
                Files.deleteIfExists(w.file());
                staleWriters++;
                continue;
            }
            if (oldestWriter == null || w.startedAt().isBefore(oldestWriter)) {
                oldestWriter = w.startedAt();
            }
            if (w.snapshot() != null) {
                liveSnapshots.add(w.snapshot());
            }
        }
        return new RunningWriters(oldestWriter, liveSnapshots, staleWriters);
    }

    /** Phase 2: {@code min(gcStart - grace, oldestRunningWriterStart) - safetyMargin}. */
    private static Instant cutoff(Instant start, Instant oldestWriter, GcOptions options) {
        Instant cutoff = start.minus(options.grace());
        if (oldestWriter != null && oldestWriter.isBefore(cutoff)) {
            cutoff = oldestWriter;
        }
        return cutoff.minus(options.safetyMargin());
    }

    /**
     * Phases 3 and 4: walks every snapshot directory, removes abandoned incomplete ones and stray temp files, and marks
     * (touches) every chunk referenced by an index of the others.
     */
    private final class MarkPhase {
        private final Set<String> liveSnapshots;
        private final FileTime cutoffTime;
        private final FileTime now;
        final Set<Digest> marked = new HashSet<>();
        long abandoned;
        long indexes;
        long missing;
        long temps;

        MarkPhase(Set<String> liveSnapshots, FileTime cutoffTime, FileTime now) {
            this.liveSnapshots = liveSnapshots;
            this.cutoffTime = cutoffTime;
            this.now = now;
        }

        void markAllIndexes() throws IOException {
            for (Namespace ns : ds.listNamespaces()) {
                for (BackupGroup g : ds.listGroups(ns)) {
                    for (Instant t : ds.snapshotDirTimes(g)) {
                        markSnapshot(g.snapshot(t));
                    }
                }
            }
        }

        private void markSnapshot(SnapshotRef ref) throws IOException {
            Path dir = ref.resolve(ds.root());
            if (!Files.exists(dir.resolve(ManifestCodec.FILE)) && !liveSnapshots.contains(ref.toString())
                    && newestMtime(dir).compareTo(cutoffTime) < 0) {
                LOG.log(System.Logger.Level.INFO, "GC: removing abandoned incomplete snapshot " + ref);
                Fs.deleteRecursively(dir);
                abandoned++;
                return;
            }
            temps += removeOldTemps(dir, cutoffTime);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + FixedIndexFiles.SUFFIX)) {
                for (Path f : files) {
                    if (f.getFileName().toString().startsWith(".")) {
                        continue;
                    }
                    markIndex(f);
                }
            } catch (NoSuchFileException e) {
                // removed meanwhile
            }
        }

        private void markIndex(Path f) throws IOException {
            FixedIndex idx;
            try {
                idx = FixedIndex.decode(Files.readAllBytes(f), "index " + f);
            } catch (NoSuchFileException e) {
                return; // snapshot removed meanwhile: its chunks just survive this run
            } catch (CorruptChunkException e) {
                throw new DatastoreException("GC aborted before sweeping: " + e.getMessage()
                        + " (remove or repair that snapshot)", e);
            }
            indexes++;
            for (int i = 0; i < idx.count(); i++) {
                Digest d = idx.digest(i);
                if (marked.add(d) && !ds.chunks().touch(d, now)) {
                    missing++;
                }
            }
        }
    }

    /**
     * Phase 5: walks the chunk store, removes chunks whose mark is older than the cutoff, recovers or drops GC trash
     * and removes stray temp files.
     */
    private final class SweepPhase {
        private final FileTime cutoffTime;
        private final FileTime startTime;
        long scanned;
        long removed;
        long freed;
        long pending;
        long pendingBytes;
        long temps;

        SweepPhase(FileTime cutoffTime, FileTime startTime) {
            this.cutoffTime = cutoffTime;
            this.startTime = startTime;
        }

        void sweepChunks() throws IOException {
            try (DirectoryStream<Path> fans = Files.newDirectoryStream(ds.chunks().dir())) {
                for (Path fan : fans) {
                    if (!Files.isDirectory(fan, LinkOption.NOFOLLOW_LINKS)) {
                        continue;
                    }
                    try (DirectoryStream<Path> entries = Files.newDirectoryStream(fan)) {
                        for (Path p : entries) {
                            sweepEntry(p);
                        }
                    }
                }
            }
        }

        private void sweepEntry(Path p) throws IOException {
            String name = p.getFileName().toString();
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return;
            }
            FileTime mtime = a.lastModifiedTime();
            if (Digest.isHex(name)) {
                scanned++;
                if (mtime.compareTo(cutoffTime) < 0) {
                    if (removeChunk(p, cutoffTime)) {
                        removed++;
                        freed += a.size();
                    }
                } else if (mtime.compareTo(startTime) < 0) {
                    pending++;
                    pendingBytes += a.size();
                }
            } else if (name.startsWith(".") && name.contains(".gc-")) {
                recoverTrash(p, name, mtime, cutoffTime);
            } else if (Fs.isTemp(name) && mtime.compareTo(cutoffTime) < 0) {
                Files.deleteIfExists(p);
                temps++;
            }
        }
    }

    /**
     * Removes a chunk unless a writer touches it concurrently: rename away, re-check the mark on the renamed inode,
     * and put it back if it was touched in between.
     */
    private static boolean removeChunk(Path chunk, FileTime cutoff) throws IOException {
        Path trash = chunk.resolveSibling("." + chunk.getFileName() + ".gc-" + UUID.randomUUID());
        try {
            Files.move(chunk, trash, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return false;
        }
        if (Files.getLastModifiedTime(trash).compareTo(cutoff) >= 0) {
            putBack(trash, chunk);
            return false;
        }
        Files.delete(trash);
        return true;
    }

    private static void recoverTrash(Path trash, String name, FileTime mtime, FileTime cutoff) throws IOException {
        if (mtime.compareTo(cutoff) < 0) {
            Files.deleteIfExists(trash);
            return;
        }
        String digest = name.substring(1, name.indexOf(".gc-"));
        if (Digest.isHex(digest)) {
            putBack(trash, trash.resolveSibling(digest));
        }
    }

    private static void putBack(Path trash, Path chunk) throws IOException {
        try {
            Files.createLink(chunk, trash);
        } catch (FileAlreadyExistsException e) {
            // a writer re-wrote the chunk meanwhile; its copy wins
        } catch (UnsupportedOperationException | IOException e) {
            // no hard links on this filesystem: a non-replacing move (a writer's fresh copy still wins)
            try {
                Files.move(trash, chunk);
                return;
            } catch (FileAlreadyExistsException e2) {
                // a writer's copy is there
            }
        }
        Files.deleteIfExists(trash);
    }

    private static long removeOldTemps(Path dir, FileTime cutoff) throws IOException {
        long n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, p -> Fs.isTemp(p.getFileName().toString()))) {
            for (Path p : ds) {
                try {
                    if (Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).compareTo(cutoff) < 0) {
                        Files.deleteIfExists(p);
                        n++;
                    }
                } catch (NoSuchFileException e) {
                    // gone
                }
            }
        } catch (NoSuchFileException e) {
            return 0;
        }
        return n;
    }

    private static FileTime newestMtime(Path dir) throws IOException {
        FileTime newest = Files.getLastModifiedTime(dir);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                try {
                    FileTime t = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
                    if (t.compareTo(newest) > 0) {
                        newest = t;
                    }
                } catch (NoSuchFileException e) {
                    // gone
                }
            }
        }
        return newest;
    }
}
