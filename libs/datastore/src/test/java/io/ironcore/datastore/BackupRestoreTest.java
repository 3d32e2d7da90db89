package io.ironcore.datastore;

import static io.ironcore.datastore.TestSupport.CHUNK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupRestoreTest {
    @TempDir
    Path tmp;

    private final TestSupport.MutableClock clock = new TestSupport.MutableClock(Instant.parse("2026-11-20T02:00:00Z"));

    private Datastore store() throws Exception {
        return Datastore.create(tmp.resolve("ds"), TestSupport.fastOptions().clock(clock).build());
    }

    @Test
    void firstBackupRestoresByteIdenticalAndIsFull() throws Exception {
        byte[] img = TestSupport.mixed(1, 10 * CHUNK + 1234);
        Path file = TestSupport.write(tmp, "a.img", img);
        try (Datastore ds = store()) {
            BackupResult r = TestSupport.backupFile(ds, BackupGroup.vm("100"), BackupMode.INCREMENTAL, "drive-scsi0",
                    file);
            assertThat(r.mode()).isEqualTo(BackupMode.FULL);
            assertThat(r.manifest().requestedMode()).isEqualTo(BackupMode.INCREMENTAL);
            assertThat(r.manifest().chainBase()).isEqualTo(r.snapshot());
            assertThat(r.manifest().parent()).isNull();
            assertThat(r.snapshot().toString()).isEqualTo("vm/100/2026-11-20T02:00:00Z");
            BackupStats s = r.stats();
            assertThat(s.chunksTotal()).isEqualTo(11);
            assertThat(s.chunksZero()).isEqualTo(4); // chunks 0, 3, 6, 9
            assertThat(s.chunksNew()).isEqualTo(7);
            assertThat(s.chunksReused()).isZero();
            assertThat(s.bytesRead()).isEqualTo(img.length);
            assertThat(s.bytesChanged()).isEqualTo(img.length);
            assertThat(TestSupport.restore(ds, r.snapshot(), "drive-scsi0", tmp)).isEqualTo(img);
            // 7 distinct non-zero chunks + the zero chunk of full size
            assertThat(TestSupport.chunkFiles(ds)).hasSize(8);
        }
    }

    @Test
    void mixedChainsRestoreEverySnapshotByteIdentical() throws Exception {
        Random rnd = new Random(7);
        byte[] img = TestSupport.mixed(2, 20 * CHUNK + 777);
        Path file = tmp.resolve("disk.img");
        BackupMode[] modes = {BackupMode.FULL, BackupMode.INCREMENTAL, BackupMode.INCREMENTAL, BackupMode.FULL,
                BackupMode.INCREMENTAL, BackupMode.INCREMENTAL};
        List<byte[]> versions = new ArrayList<>();
        List<BackupResult> results = new ArrayList<>();
        BackupGroup g = BackupGroup.of(Namespace.of("prod"), "vm", "200");
        try (Datastore ds = store()) {
            for (int k = 0; k < modes.length; k++) {
                if (k > 0) {
                    // mutate: random bytes in 2 chunks, zero a chunk, grow or shrink sometimes
                    img = img.clone();
                    for (int j = 0; j < 2; j++) {
                        int off = rnd.nextInt(img.length - 100);
                        byte[] b = TestSupport.random(rnd.nextLong(), 100);
                        System.arraycopy(b, 0, img, off, 100);
                    }
                    int z = rnd.nextInt(img.length / CHUNK) * CHUNK;
                    java.util.Arrays.fill(img, z, Math.min(img.length, z + CHUNK), (byte) 0);
                    if (k == 2) {
                        img = java.util.Arrays.copyOf(img, img.length + 3 * CHUNK + 5); // grown disk, zero tail
                    }
                    if (k == 4) {
                        img = java.util.Arrays.copyOf(img, img.length - CHUNK - 17);
                    }
                }
                Files.write(file, img);
                clock.advance(Duration.ofDays(1));
                results.add(TestSupport.backupFile(ds, g, modes[k], "drive-scsi0", file));
                versions.add(img);
            }
            for (int k = 0; k < modes.length; k++) {
                BackupResult r = results.get(k);
                assertThat(r.mode()).isEqualTo(modes[k]);
                assertThat(TestSupport.restore(ds, r.snapshot(), "drive-scsi0", tmp)).as("snapshot " + k)
                        .isEqualTo(versions.get(k));
            }
            // chain bookkeeping
            assertThat(results.get(1).manifest().parent()).isEqualTo(results.get(0).snapshot());
            assertThat(results.get(2).manifest().chainBase()).isEqualTo(results.get(0).snapshot());
            assertThat(results.get(3).manifest().chainBase()).isEqualTo(results.get(3).snapshot());
            assertThat(results.get(3).manifest().parent()).isNull();
            assertThat(results.get(5).manifest().chainBase()).isEqualTo(results.get(3).snapshot());

            // every snapshot is complete on its own: drop all but the last and it still restores
            for (int k = 0; k < modes.length - 1; k++) {
                ds.removeSnapshot(results.get(k).snapshot());
            }
            ds.garbageCollector().run(new GcOptions(Duration.ZERO, Duration.ZERO));
            clock.advance(Duration.ofMinutes(1));
            ds.garbageCollector().run(new GcOptions(Duration.ZERO, Duration.ZERO));
            assertThat(TestSupport.restore(ds, results.get(5).snapshot(), "drive-scsi0", tmp))
                    .isEqualTo(versions.get(5));
            assertThat(ds.verify(results.get(5).snapshot()).ok()).isTrue();
        }
    }

    @Test
    void emptyImage() throws Exception {
        Path file = TestSupport.write(tmp, "empty.img", new byte[0]);
        try (Datastore ds = store()) {
            BackupResult r = TestSupport.backupFile(ds, BackupGroup.vm("1"), BackupMode.FULL, "empty", file);
            assertThat(r.stats().chunksTotal()).isZero();
            assertThat(r.manifest().images().get(0).size()).isZero();
            assertThat(TestSupport.restore(ds, r.snapshot(), "empty", tmp)).isEmpty();
            clock.advance(Duration.ofHours(1));
            BackupResult r2 = TestSupport.backupFile(ds, BackupGroup.vm("1"), BackupMode.INCREMENTAL, "empty", file);
            assertThat(r2.mode()).isEqualTo(BackupMode.INCREMENTAL);
            assertThat(TestSupport.restore(ds, r2.snapshot(), "empty", tmp)).isEmpty();
            assertThat(ds.verify(r2.snapshot()).ok()).isTrue();
        }
    }

    @Test
    void sizesAroundChunkBoundaries() throws Exception {
        int[] sizes = {1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 4095};
        try (Datastore ds = store()) {
            int n = 0;
            for (int size : sizes) {
                byte[] img = TestSupport.random(size, size);
                Path file = TestSupport.write(tmp, "s" + size, img);
                BackupResult r = TestSupport.backupFile(ds, BackupGroup.vm("s" + n++), BackupMode.FULL, "d", file);
                assertThat(r.stats().chunksTotal()).isEqualTo((size + CHUNK - 1) / CHUNK);
                assertThat(TestSupport.restore(ds, r.snapshot(), "d", tmp)).as("size " + size).isEqualTo(img);
            }
        }
    }

    @Test
    void zeroRegionsAndShortZeroTailRestoreSparse() throws Exception {
        int size = 8 * CHUNK + 100;
        byte[] img = new byte[size];
        System.arraycopy(TestSupport.random(1, CHUNK), 0, img, 2 * CHUNK, CHUNK);
        img[5 * CHUNK + 7] = 1; // a chunk that is almost zero is not a zero chunk
        Path file = TestSupport.write(tmp, "z.img", img);
        try (Datastore ds = store()) {
            BackupResult r = TestSupport.backupFile(ds, BackupGroup.vm("1"), BackupMode.FULL, "d", file);
            assertThat(r.stats().chunksZero()).isEqualTo(7); // 0,1,3,4,6,7 and the 100-byte tail
            assertThat(r.stats().chunksNew()).isEqualTo(2);
            // zero chunk of full size, zero chunk of 100 bytes, two data chunks
            assertThat(TestSupport.chunkFiles(ds)).hasSize(4);
            Path target = tmp.resolve("restored.img");
            ds.restore(r.snapshot(), "d", target);
            assertThat(Files.readAllBytes(target)).isEqualTo(img);
            assertThat(Files.size(target)).isEqualTo(size);
        }
    }

    @Test
    void restoreOverwritesAnExistingLargerFile() throws Exception {
        byte[] img = TestSupport.mixed(3, 4 * CHUNK);
        Path file = TestSupport.write(tmp, "a.img", img);
        try (Datastore ds = store()) {
            BackupResult r = TestSupport.backupFile(ds, BackupGroup.vm("1"), BackupMode.FULL, "d", file);
            Path target = TestSupport.write(tmp, "target.img", TestSupport.random(9, 9 * CHUNK));
            ds.restore(r.snapshot(), "d", target);
            assertThat(Files.readAllBytes(target)).isEqualTo(img);
        }
    }

    @Test
    void severalImagesInOneSnapshotAndListing() throws Exception {
        byte[] a = TestSupport.mixed(4, 5 * CHUNK + 3);
        byte[] b = TestSupport.text(5, 2 * CHUNK);
        BackupGroup g = BackupGroup.of(Namespace.of("prod", "eu"), "vm", "300");
        try (Datastore ds = store()) {
            BackupResult r1 = TestSupport.backup(ds, g, BackupMode.INCREMENTAL,
                    new TestSupport.ArraySource("drive-scsi0", a, null), new TestSupport.ArraySource("efi", b, null));
            clock.advance(Duration.ofSeconds(1));
            BackupResult r2 = TestSupport.backup(ds, g, BackupMode.INCREMENTAL,
                    new TestSupport.ArraySource("drive-scsi0", a, null), new TestSupport.ArraySource("efi", b, null));
            assertThat(r2.stats().chunksNew()).isZero();
            assertThat(TestSupport.restore(ds, r1.snapshot(), "drive-scsi0", tmp)).isEqualTo(a);
            assertThat(TestSupport.restore(ds, r2.snapshot(), "efi", tmp)).isEqualTo(b);
            assertThat(r1.manifest().images()).extracting(ManifestImage::name).containsExactly("drive-scsi0", "efi");
            assertThat(r1.stats().bytesTotal()).isEqualTo(a.length + b.length);

            TestSupport.backup(ds, BackupGroup.vm("1"), BackupMode.FULL, new TestSupport.ArraySource("d", b, null));
            assertThat(ds.listNamespaces()).containsExactly(Namespace.ROOT, Namespace.of("prod"),
                    Namespace.of("prod", "eu"));
            assertThat(ds.listGroups(Namespace.ROOT)).containsExactly(BackupGroup.vm("1"));
            assertThat(ds.listGroups(Namespace.of("prod", "eu"))).containsExactly(g);
            assertThat(ds.listSnapshots(g)).extracting(SnapshotInfo::ref).containsExactly(r2.snapshot(), r1.snapshot());
            assertThat(ds.readManifest(r1.snapshot()).snapshot()).isEqualTo(r1.snapshot());
            assertThat(r1.snapshot().toString()).startsWith("ns/prod/ns/eu/vm/300/");
            assertThat(ds.snapshotInfo(SnapshotRef.parse(r1.snapshot().toString())).manifest())
                    .isEqualTo(r1.manifest());

            assertThatThrownBy(() -> ds.restore(r1.snapshot(), "nope", tmp.resolve("x")))
                    .isInstanceOf(SnapshotNotFoundException.class);
        }
    }

    @Test
    void snapshotTimesStayUniqueWithinASecond() throws Exception {
        byte[] a = TestSupport.text(1, CHUNK);
        try (Datastore ds = store()) {
            BackupResult r1 = TestSupport.backup(ds, BackupGroup.vm("1"), BackupMode.FULL,
                    new TestSupport.ArraySource("d", a, null));
            BackupResult r2 = TestSupport.backup(ds, BackupGroup.vm("1"), BackupMode.FULL,
                    new TestSupport.ArraySource("d", a, null));
            assertThat(r2.snapshot().time()).isEqualTo(r1.snapshot().time().plusSeconds(1));
        }
    }

    @Test
    void progressIsReportedUpToTheTotal() throws Exception {
        byte[] a = TestSupport.mixed(1, 12 * CHUNK);
        List<long[]> calls = new ArrayList<>();
        try (Datastore ds = Datastore.create(tmp.resolve("ds"),
                TestSupport.fastOptions().progressInterval(Duration.ZERO).build())) {
            ds.backup(BackupRequest.builder(BackupGroup.vm("1")).image(new TestSupport.ArraySource("d", a, null))
                    .progress((done, total) -> calls.add(new long[]{done, total})).build());
        }
        assertThat(calls).isNotEmpty();
        assertThat(calls).allSatisfy(c -> assertThat(c[1]).isEqualTo(a.length));
        assertThat(calls.get(calls.size() - 1)[0]).isEqualTo(a.length);
        for (int i = 1; i < calls.size(); i++) {
            assertThat(calls.get(i)[0]).isGreaterThanOrEqualTo(calls.get(i - 1)[0]);
        }
    }

    @Test
    void safeSyncPolicyAndDefaultChunkSizeWork() throws Exception {
        byte[] a = TestSupport.mixed(8, 3 * 1024 * 1024 + 11);
        try (Datastore ds = Datastore.create(tmp.resolve("ds"), DatastoreOptions.builder().build())) {
            assertThat(ds.config().chunkSize()).isEqualTo(4 * 1024 * 1024);
            BackupResult r = TestSupport.backup(ds, BackupGroup.vm("1"), BackupMode.FULL,
                    new TestSupport.ArraySource("d", a, null));
            assertThat(r.stats().chunksTotal()).isEqualTo(1);
            assertThat(TestSupport.restore(ds, r.snapshot(), "d", tmp)).isEqualTo(a);
        }
        try (Datastore ds = Datastore.open(tmp.resolve("ds"))) {
            assertThat(ds.listSnapshots(BackupGroup.vm("1"))).hasSize(1);
        }
    }

    @Test
    void createRefusesNonEmptyDirectoryAndOpenRefusesNonDatastore() throws Exception {
        Files.createDirectories(tmp.resolve("x"));
        Files.write(tmp.resolve("x/file"), new byte[1]);
        assertThatThrownBy(() -> Datastore.create(tmp.resolve("x"), DatastoreOptions.defaults()))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        assertThatThrownBy(() -> Datastore.open(tmp.resolve("x"))).isInstanceOf(DatastoreException.class);
    }
}
