package io.ironcore.datastore;

import static io.ironcore.datastore.TestSupport.CHUNK;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcTest {
    @TempDir
    Path tmp;

    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final TestSupport.MutableClock clock = new TestSupport.MutableClock(t0);
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private Datastore ds;

    @BeforeEach
    void setUp() throws Exception {
        ds = Datastore.create(tmp.resolve("ds"), TestSupport.fastOptions().clock(clock).build());
    }

    @AfterEach
    void tearDown() throws Exception {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
        ds.close();
    }

    private BackupResult backup(BackupGroup g, byte[] data) throws Exception {
        return TestSupport.backup(ds, g, BackupMode.INCREMENTAL, new TestSupport.ArraySource("d", data, null));
    }

    private static Set<String> chunkNames(byte[] data) throws Exception {
        Set<String> out = new HashSet<>();
        for (int off = 0; off < data.length; off += CHUNK) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(data, off, Math.min(CHUNK, data.length - off));
            out.add(HexFormat.of().formatHex(md.digest()));
        }
        return out;
    }

    private Set<String> storedNames() throws Exception {
        Set<String> out = new HashSet<>();
        for (Path p : TestSupport.chunkFiles(ds)) {
            out.add(p.getFileName().toString());
        }
        return out;
    }

    private void awaitChunks(Set<String> names) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!storedNames().containsAll(names)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("chunks never appeared: " + names);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void inFlightWriterChunksSurviveWhileTrulyOrphanedOldChunksGo() throws Exception {
        // 10 days ago: one snapshot that stays (referenced) and one that is removed (its chunks become orphans)
        clock.set(t0.minus(Duration.ofDays(10)));
        byte[] kept = TestSupport.random(1, 3 * CHUNK);
        byte[] orphan = TestSupport.random(2, 2 * CHUNK);
        BackupResult keptSnap = backup(BackupGroup.vm("1"), kept);
        BackupResult orphanSnap = backup(BackupGroup.vm("2"), orphan);
        ds.removeSnapshot(orphanSnap.snapshot());

        // now: a writer starts, writes its first chunks (no index references them yet) and stalls
        clock.set(t0);
        byte[] inflight = TestSupport.random(3, 5 * CHUNK);
        BlockingSource src = new BlockingSource("d", inflight, 3L * CHUNK);
        Future<BackupResult> running = executor.submit(
                () -> ds.backup(BackupRequest.builder(BackupGroup.vm("3")).image(src).build()));
        src.awaitReached();
        byte[] firstThree = java.util.Arrays.copyOf(inflight, 3 * CHUNK);
        awaitChunks(chunkNames(firstThree));

        // two days later (the writer is still alive and heartbeating) GC runs with PBS defaults
        clock.set(t0.plus(Duration.ofDays(2)));
        ds.heartbeatNow();
        GcStats gc = ds.garbageCollector().run(GcOptions.defaults());

        assertThat(gc.cutoff()).isEqualTo(t0.minus(Duration.ofMinutes(5))); // min(now-24h5m, writer start) - 5 min
        Set<String> stored = storedNames();
        assertThat(stored).containsAll(chunkNames(firstThree)); // older than the grace, unreferenced, but protected
        assertThat(stored).containsAll(chunkNames(kept));
        assertThat(stored).doesNotContainAnyElementsOf(chunkNames(orphan));
        assertThat(gc.chunksRemoved()).isEqualTo(2);
        assertThat(gc.bytesFreed()).isEqualTo(2L * (CHUNK + 16));
        assertThat(gc.chunksPendingGrace()).isEqualTo(3);
        assertThat(gc.chunksMarked()).isEqualTo(3);

        // counterfactual: once the writer is gone, the same chunks are garbage
        src.failWith = new java.io.IOException("disk vanished");
        src.release.countDown();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> running.get(30, TimeUnit.SECONDS))
                .hasRootCauseMessage("disk vanished");
        assertThat(ds.listSnapshots(BackupGroup.vm("3"))).isEmpty();
        GcStats gc2 = ds.garbageCollector().run(GcOptions.defaults());
        assertThat(gc2.cutoff()).isEqualTo(clock.instant().minus(Duration.ofHours(24).plusMinutes(10)));
        assertThat(storedNames()).doesNotContainAnyElementsOf(chunkNames(firstThree));
        assertThat(storedNames()).containsAll(chunkNames(kept));
        assertThat(TestSupport.restore(ds, keptSnap.snapshot(), "d", tmp)).isEqualTo(kept);
    }

    @Test
    void unreferencedChunksWaitForTheGracePeriod() throws Exception {
        byte[] a = TestSupport.random(10, 2 * CHUNK);
        BackupResult r = backup(BackupGroup.vm("1"), a);
        ds.removeSnapshot(r.snapshot());

        clock.advance(Duration.ofHours(1));
        GcStats early = ds.garbageCollector().run(GcOptions.defaults());
        assertThat(early.chunksRemoved()).isZero();
        assertThat(early.chunksPendingGrace()).isEqualTo(2);
        assertThat(early.bytesPendingGrace()).isEqualTo(2L * (CHUNK + 16));

        clock.advance(Duration.ofHours(23).plusMinutes(9));
        assertThat(ds.garbageCollector().run(GcOptions.defaults()).chunksRemoved()).isZero(); // 24h09m < 24h10m

        clock.advance(Duration.ofMinutes(2));
        GcStats late = ds.garbageCollector().run(GcOptions.defaults());
        assertThat(late.chunksRemoved()).isEqualTo(2);
        assertThat(TestSupport.chunkFiles(ds)).isEmpty();
    }

    @Test
    void configurableGraceAndSharedChunksSurvive() throws Exception {
        byte[] shared = TestSupport.random(20, 2 * CHUNK);
        byte[] onlyA = TestSupport.random(21, CHUNK);
        byte[] a = concat(shared, onlyA);
        BackupResult ra = backup(BackupGroup.vm("a"), a);
        BackupResult rb = backup(BackupGroup.vm("b"), shared);
        ds.removeSnapshot(ra.snapshot());
        clock.advance(Duration.ofMinutes(2));

        GcStats gc = ds.garbageCollector().run(new GcOptions(Duration.ofMinutes(1), Duration.ZERO));
        assertThat(gc.chunksRemoved()).isEqualTo(1);
        assertThat(storedNames()).isEqualTo(chunkNames(shared));
        assertThat(TestSupport.restore(ds, rb.snapshot(), "d", tmp)).isEqualTo(shared);
        assertThat(ds.verify(rb.snapshot()).ok()).isTrue();
    }

    @Test
    void markTouchesReferencedChunksSoTheyOutliveTheGrace() throws Exception {
        byte[] a = TestSupport.random(30, 2 * CHUNK);
        BackupResult r = backup(BackupGroup.vm("1"), a);
        clock.advance(Duration.ofDays(30));
        GcStats gc = ds.garbageCollector().run(GcOptions.defaults());
        assertThat(gc.chunksRemoved()).isZero();
        assertThat(gc.indexesMarked()).isEqualTo(1);
        for (Path p : TestSupport.chunkFiles(ds)) {
            assertThat(Files.getLastModifiedTime(p).toInstant()).isEqualTo(clock.instant());
        }
        // a referenced chunk that is missing is reported
        Files.delete(TestSupport.chunkPath(ds, r.snapshot(), "d", 0));
        assertThat(ds.garbageCollector().run(GcOptions.defaults()).missingChunks()).isEqualTo(1);
    }

    @Test
    void reusedChunksAreTouchedByWriters() throws Exception {
        byte[] a = TestSupport.random(40, 2 * CHUNK);
        BackupResult r = backup(BackupGroup.vm("1"), a);
        ds.removeSnapshot(r.snapshot()); // chunks orphaned, mtime = t0
        clock.advance(Duration.ofDays(3));
        BackupResult again = backup(BackupGroup.vm("2"), a); // finds them and touches them
        assertThat(again.stats().chunksNew()).isZero();
        for (Path p : TestSupport.chunkFiles(ds)) {
            assertThat(Files.getLastModifiedTime(p).toInstant()).isEqualTo(clock.instant());
        }
    }

    @Test
    void cleansTempFilesAbandonedSnapshotsStaleWritersAndTrash() throws Exception {
        byte[] a = TestSupport.random(50, 2 * CHUNK);
        BackupResult r = backup(BackupGroup.vm("1"), a);
        Path chunk = TestSupport.chunkPath(ds, r.snapshot(), "d", 0);
        Path fan = chunk.getParent();
        String hex = chunk.getFileName().toString();

        Path oldTemp = fan.resolve("." + hex + ".tmp-1234");
        Files.write(oldTemp, new byte[10]);
        Files.setLastModifiedTime(oldTemp, FileTime.from(t0.minus(Duration.ofDays(3))));
        Path newTemp = fan.resolve("." + hex + ".tmp-5678");
        Files.write(newTemp, new byte[10]);

        // a crashed writer's snapshot directory (no manifest) and its stale registration
        Path abandoned = BackupGroup.vm("1").snapshot(t0.minus(Duration.ofDays(3))).resolve(ds.root());
        Files.createDirectories(abandoned);
        Files.write(abandoned.resolve("d.fidx"), new byte[]{1, 2, 3}); // unreadable, but not complete: removed first
        Files.setLastModifiedTime(abandoned.resolve("d.fidx"), FileTime.from(t0.minus(Duration.ofDays(3))));
        Files.setLastModifiedTime(abandoned, FileTime.from(t0.minus(Duration.ofDays(3))));
        Path staleWriter = ds.root().resolve(Writers.DIR).resolve("dead.json");
        Files.writeString(staleWriter, "{\"id\":\"dead\",\"startedAt\":\"" + t0.minus(Duration.ofDays(3))
                + "\",\"hostKey\":\"elsewhere\",\"pid\":1}");
        Files.setLastModifiedTime(staleWriter, FileTime.from(t0.minus(Duration.ofDays(3))));

        // GC trash left by a crashed GC: one touched by a writer in between (fresh), one really old
        Path c1 = TestSupport.chunkPath(ds, r.snapshot(), "d", 1);
        Path freshTrash = c1.resolveSibling("." + c1.getFileName() + ".gc-abc");
        Files.move(c1, freshTrash);
        Path lockTemp = ds.root().resolve(Locks.DIR).resolve(".x.lease.tmp-1");
        Files.write(lockTemp, new byte[1]);
        Files.setLastModifiedTime(lockTemp, FileTime.from(t0.minus(Duration.ofDays(3))));

        clock.advance(Duration.ofMinutes(1));
        GcStats gc = ds.garbageCollector().run(GcOptions.defaults());
        assertThat(gc.staleWritersRemoved()).isEqualTo(1);
        assertThat(gc.abandonedSnapshotsRemoved()).isEqualTo(1);
        assertThat(gc.tempFilesRemoved()).isEqualTo(2);
        assertThat(oldTemp).doesNotExist();
        assertThat(lockTemp).doesNotExist();
        assertThat(newTemp).exists();
        assertThat(abandoned).doesNotExist();
        assertThat(staleWriter).doesNotExist();
        assertThat(c1).exists();
        assertThat(freshTrash).doesNotExist();
        assertThat(ds.verify(r.snapshot()).ok()).isTrue();
    }

    @Test
    void gcAcrossNamespaces() throws Exception {
        byte[] a = TestSupport.random(60, CHUNK);
        byte[] b = TestSupport.random(61, CHUNK);
        backup(BackupGroup.of(Namespace.of("x", "y"), "ct", "9"), a);
        BackupResult rb = backup(BackupGroup.of(Namespace.of("z"), "host", "h"), b);
        ds.removeSnapshot(rb.snapshot());
        clock.advance(Duration.ofDays(2));
        GcStats gc = ds.garbageCollector().run(GcOptions.defaults());
        assertThat(gc.chunksRemoved()).isEqualTo(1);
        assertThat(storedNames()).isEqualTo(chunkNames(a));
    }

    private static byte[] concat(byte[] x, byte[] y) {
        byte[] out = java.util.Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, out, x.length, y.length);
        return out;
    }
}
