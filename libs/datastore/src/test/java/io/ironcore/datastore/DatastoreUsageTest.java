package io.ironcore.datastore;

import static io.ironcore.datastore.TestSupport.CHUNK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The usage of a real datastore written by backups: what it stores, what its snapshots hold, read-only. */
class DatastoreUsageTest {
    @TempDir
    Path tmp;

    private final TestSupport.MutableClock clock = new TestSupport.MutableClock(Instant.parse("2026-11-20T02:00:00Z"));

    @Test
    void anEmptyDatastoreHasNoChunksAndARatioOfOne() throws Exception {
        try (Datastore ds = Datastore.create(tmp.resolve("ds"), TestSupport.fastOptions().clock(clock).build())) {
            DatastoreUsage u = DatastoreUsage.measure(ds.root());
            assertThat(u.chunks()).isZero();
            assertThat(u.chunkBytes()).isZero();
            assertThat(u.logicalBytes()).isZero();
            assertThat(u.snapshots()).isZero();
            assertThat(u.dedupRatio()).isEqualTo(1.0);
            assertThat(u.usedBytes()).isEqualTo(Files.size(ds.root().resolve(DatastoreConfig.FILE)));
            assertThat(u.freeBytes()).isPositive();
        }
    }

    @Test
    void twoIdenticalBackupsStoreTheChunksOnceSoTheRatioDoubles() throws Exception {
        byte[] img = TestSupport.random(3, 4 * CHUNK + 1000); // incompressible, no zero chunk
        Path file = TestSupport.write(tmp, "disk.img", img);
        try (Datastore ds = Datastore.create(tmp.resolve("ds"), TestSupport.fastOptions().clock(clock).build())) {
            TestSupport.backupFile(ds, BackupGroup.vm("100"), BackupMode.FULL, "drive-scsi0", file);
            DatastoreUsage one = DatastoreUsage.measure(ds.root());
            assertThat(one.snapshots()).isEqualTo(1);
            assertThat(one.logicalBytes()).isEqualTo(img.length);
            assertThat(one.chunks()).isEqualTo(5).isEqualTo(TestSupport.chunkFiles(ds).size());
            long stored = 0;
            for (Path c : TestSupport.chunkFiles(ds)) {
                stored += Files.size(c);
            }
            assertThat(one.chunkBytes()).isEqualTo(stored).isGreaterThan(img.length); // raw, with headers
            assertThat(one.dedupRatio()).isLessThan(1.0).isGreaterThan(0.99);
            assertThat(one.usedBytes()).isGreaterThan(one.chunkBytes()); // indexes, manifest, config

            // the same image again, into a group of a namespace
            clock.advance(java.time.Duration.ofHours(1));
            TestSupport.backupFile(ds, BackupGroup.of(Namespace.of("prod"), "vm", "200"), BackupMode.FULL,
                    "drive-scsi0", file);
            DatastoreUsage two = DatastoreUsage.measure(ds.root());
            assertThat(two.snapshots()).isEqualTo(2);
            assertThat(two.logicalBytes()).isEqualTo(2L * img.length);
            assertThat(two.chunks()).isEqualTo(5);
            assertThat(two.chunkBytes()).isEqualTo(one.chunkBytes());
            assertThat(two.dedupRatio()).isGreaterThan(1.9).isLessThan(2.0);
        }
    }

    @Test
    void unfinishedSnapshotsAndTemporaryFilesAreNotCountedAsSnapshotsOrChunks() throws Exception {
        byte[] img = TestSupport.random(5, 2 * CHUNK);
        Path file = TestSupport.write(tmp, "disk.img", img);
        try (Datastore ds = Datastore.create(tmp.resolve("ds"), TestSupport.fastOptions().clock(clock).build())) {
            TestSupport.backupFile(ds, BackupGroup.vm("100"), BackupMode.FULL, "drive-scsi0", file);
            DatastoreUsage before = DatastoreUsage.measure(ds.root());
            // a killed writer's snapshot directory (no manifest) and a chunk's temp file
            Path leftover = Files.createDirectories(ds.root().resolve("vm/100/2026-11-21T02:00:00Z"));
            Files.write(leftover.resolve("drive-scsi0.fidx"), new byte[100]);
            Path chunk = TestSupport.chunkFiles(ds).get(0);
            Files.write(chunk.resolveSibling("." + chunk.getFileName() + ".tmp-1234"), new byte[50]);

            DatastoreUsage after = DatastoreUsage.measure(ds.root());
            assertThat(after.snapshots()).isEqualTo(before.snapshots());
            assertThat(after.logicalBytes()).isEqualTo(before.logicalBytes());
            assertThat(after.chunks()).isEqualTo(before.chunks());
            assertThat(after.chunkBytes()).isEqualTo(before.chunkBytes());
            assertThat(after.usedBytes()).isEqualTo(before.usedBytes() + 150);
        }
    }

    @Test
    void measuringWritesNothing() throws Exception {
        Path file = TestSupport.write(tmp, "disk.img", TestSupport.mixed(9, 3 * CHUNK));
        Path root;
        try (Datastore ds = Datastore.create(tmp.resolve("ds"), TestSupport.fastOptions().clock(clock).build())) {
            TestSupport.backupFile(ds, BackupGroup.vm("100"), BackupMode.FULL, "drive-scsi0", file);
            root = ds.root();
        }
        Map<String, Long> before = tree(root);
        DatastoreUsage.measure(root);
        assertThat(tree(root)).isEqualTo(before);
    }

    @Test
    void aDirectoryThatIsNoDatastoreIsRefused() throws Exception {
        assertThat(DatastoreUsage.isDatastore(tmp.resolve("empty"))).isFalse();
        try (Datastore ds = Datastore.create(tmp.resolve("ds"), TestSupport.fastOptions().clock(clock).build())) {
            assertThat(DatastoreUsage.isDatastore(ds.root())).isTrue();
        }
        assertThatThrownBy(() -> DatastoreUsage.measure(Files.createDirectories(tmp.resolve("empty"))))
                .isInstanceOf(DatastoreException.class).hasMessageContaining("not a datastore");
    }

    /** Every path below root with its modification time. */
    private static Map<String, Long> tree(Path root) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                out.put(root.relativize(p).toString(), Files.getLastModifiedTime(p).toMillis());
            }
        }
        return out;
    }
}
