package io.ironcore.datastore;

import static io.ironcore.datastore.TestSupport.CHUNK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashTest {
    @TempDir
    Path tmp;

    private final TestSupport.MutableClock clock = new TestSupport.MutableClock(
            Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final BackupGroup group = BackupGroup.vm("crash");
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

    private List<Path> list(Path dir) throws Exception {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> d = Files.newDirectoryStream(dir)) {
            d.forEach(out::add);
        }
        return out;
    }

    @Test
    void cancelledBackupLeavesNoSnapshotAndReleasesEverything() throws Exception {
        byte[] img = TestSupport.random(1, 6 * CHUNK);
        BlockingSource src = new BlockingSource("d", img, 3L * CHUNK);
        CancellationToken cancel = new CancellationToken();
        Future<BackupResult> f = executor.submit(() -> ds.backup(BackupRequest.builder(group).image(src)
                .cancellation(cancel).runId("r1").build()));
        src.awaitReached();
        cancel.cancel();
        src.release.countDown();
        assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(BackupCancelledException.class);

        assertThat(ds.listSnapshots(group)).isEmpty();
        assertThat(ds.findSnapshotByRunId(group, "r1")).isEmpty();
        assertThat(Datastore.subdirs(group.resolve(ds.root()))).isEmpty(); // incomplete snapshot dir removed
        assertThat(list(ds.root().resolve(Writers.DIR))).isEmpty();
        assertThat(LockTest.leaseFiles(ds.root().resolve(Locks.DIR))).isEmpty();
        assertThat(TestSupport.chunkFiles(ds)).isNotEmpty(); // written chunks stay for GC

        // the group is usable again and GC removes the orphans after the grace period
        clock.advance(Duration.ofDays(2));
        GcStats gc = ds.garbageCollector().run(GcOptions.defaults());
        assertThat(gc.chunksRemoved()).isPositive();
        assertThat(TestSupport.chunkFiles(ds)).isEmpty();
        BackupResult ok = TestSupport.backup(ds, group, BackupMode.INCREMENTAL,
                new TestSupport.ArraySource("d", img, null));
        assertThat(TestSupport.restore(ds, ok.snapshot(), "d", tmp)).isEqualTo(img);
    }

    @Test
    void failingSourceLeavesNoSnapshot() throws Exception {
        byte[] img = TestSupport.random(2, 6 * CHUNK);
        BackupResult before = TestSupport.backup(ds, group, BackupMode.FULL, new TestSupport.ArraySource("d", img, null));
        clock.advance(Duration.ofHours(1));
        BlockingSource src = new BlockingSource("d", TestSupport.random(3, 6 * CHUNK), 2L * CHUNK);
        src.failWith = new java.io.IOException("read error on /dev/sdb");
        src.release.countDown();
        assertThatThrownBy(() -> ds.backup(BackupRequest.builder(group).image(src).build()))
                .hasMessageContaining("read error");
        assertThat(ds.listSnapshots(group)).extracting(SnapshotInfo::ref).containsExactly(before.snapshot());
        assertThat(Datastore.subdirs(group.resolve(ds.root()))).containsExactly(before.snapshot().timeString());
    }

    @Test
    void imageShorterThanItsSizeFails() throws Exception {
        TestSupport.ArraySource lying = new TestSupport.ArraySource("d", TestSupport.random(4, 2 * CHUNK), null) {
            @Override
            public long size() {
                return 3L * CHUNK;
            }
        };
        assertThatThrownBy(() -> ds.backup(BackupRequest.builder(group).image(lying).build()))
                .hasMessageContaining("ended at");
        assertThat(ds.listSnapshots(group)).isEmpty();
    }

    @Test
    void killedWriterProcessLeavesNoVisibleSnapshot() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), ds.root().toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            StringBuilder seen = new StringBuilder();
            while ((line = out.readLine()) != null && !line.equals("READY")) {
                seen.append(line).append('\n');
            }
            assertThat(line).as("child output: " + seen).isEqualTo("READY");
            // let the single worker finish the chunks it was given, then kill -9
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (TestSupport.chunkFiles(ds).size() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(TestSupport.chunkFiles(ds)).hasSize(4);
        // crash state: an incomplete snapshot dir, a writer registration, a group lease - but no snapshot
        assertThat(Datastore.subdirs(group.resolve(ds.root()))).hasSize(1);
        assertThat(list(ds.root().resolve(Writers.DIR))).hasSize(1);
        assertThat(LockTest.leaseFiles(ds.root().resolve(Locks.DIR))).hasSize(1);
        assertThat(ds.listSnapshots(group)).isEmpty();
        assertThat(ds.findSnapshotByRunId(group, "run-1")).isEmpty();
        assertThat(ds.verifyAll().snapshots()).isEmpty();

        // the dead process's group lock is stale at once (same host, pid gone): a redelivered run proceeds
        clock.set(Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(5));
        byte[] data = TestSupport.random(77, 8 * CHUNK);
        BackupResult redo = ds.backup(BackupRequest.builder(group).image(new TestSupport.ArraySource("d", data, null))
                .runId("run-1").build());
        assertThat(redo.stats().chunksReused()).isEqualTo(4); // the crashed writer's chunks are reused
        assertThat(TestSupport.restore(ds, redo.snapshot(), "d", tmp)).isEqualTo(data);

        // two days later GC drops the dead writer's registration and its abandoned snapshot directory
        clock.advance(Duration.ofDays(2));
        GcStats gc = ds.garbageCollector().run(GcOptions.defaults());
        assertThat(gc.staleWritersRemoved()).isEqualTo(1);
        assertThat(gc.abandonedSnapshotsRemoved()).isEqualTo(1);
        assertThat(gc.chunksRemoved()).isZero();
        assertThat(ds.listSnapshots(group)).extracting(SnapshotInfo::ref).containsExactly(redo.snapshot());
        assertThat(Datastore.subdirs(group.resolve(ds.root()))).containsExactly(redo.snapshot().timeString());
    }
}
