package io.ironcore.datastore;

import static io.ironcore.datastore.TestSupport.CHUNK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
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

class LockTest {
    @TempDir
    Path tmp;

    private final TestSupport.MutableClock clock = new TestSupport.MutableClock(Instant.parse("2026-11-20T02:00:00Z"));
    private final BackupGroup group = BackupGroup.vm("42");
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private Datastore ds;
    private final byte[] img = TestSupport.mixed(5, 6 * CHUNK);

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

    private BackupResult backupNow(BackupGroup g) throws Exception {
        clock.advance(Duration.ofMinutes(1));
        return TestSupport.backup(ds, g, BackupMode.INCREMENTAL, new TestSupport.ArraySource("d", img, null));
    }

    private Future<BackupResult> startBlockedBackup(BlockingSource src) throws Exception {
        clock.advance(Duration.ofMinutes(1));
        Future<BackupResult> f = executor.submit(() -> ds.backup(BackupRequest.builder(group).image(src).build()));
        src.awaitReached();
        return f;
    }

    @Test
    void secondBackupOfTheSameGroupIsRefusedWhileOneRuns() throws Exception {
        BlockingSource src = new BlockingSource("d", img, 2L * CHUNK);
        Future<BackupResult> running = startBlockedBackup(src);

        assertThatThrownBy(() -> backupNow(group)).isInstanceOf(LockedException.class)
                .hasMessageContaining("group:vm/42");
        // another group is fine
        assertThat(backupNow(BackupGroup.vm("43")).snapshot().group()).isEqualTo(BackupGroup.vm("43"));
        // the running backup is invisible until it commits
        assertThat(ds.listSnapshots(group)).isEmpty();

        src.release.countDown();
        BackupResult done = running.get(30, TimeUnit.SECONDS);
        assertThat(ds.listSnapshots(group)).extracting(SnapshotInfo::ref).containsExactly(done.snapshot());
        assertThat(backupNow(group).manifest().parent()).isEqualTo(done.snapshot());
    }

    @Test
    void removingTheBaseOfARunningBackupIsRefused() throws Exception {
        BackupResult base = backupNow(group);
        BackupResult older = base;
        BlockingSource src = new BlockingSource("d", img, 3L * CHUNK);
        Future<BackupResult> running = startBlockedBackup(src);

        assertThatThrownBy(() -> ds.removeSnapshot(base.snapshot())).isInstanceOf(LockedException.class)
                .hasMessageContaining("shared");
        assertThat(ds.listSnapshots(group)).hasSize(1);

        src.release.countDown();
        BackupResult done = running.get(30, TimeUnit.SECONDS);
        assertThat(done.manifest().parent()).isEqualTo(base.snapshot());
        ds.removeSnapshot(older.snapshot());
        assertThat(ds.listSnapshots(group)).extracting(SnapshotInfo::ref).containsExactly(done.snapshot());
        assertThat(TestSupport.restore(ds, done.snapshot(), "d", tmp)).isEqualTo(img);
    }

    @Test
    void aFullBackupDoesNotLockThePreviousSnapshot() throws Exception {
        BackupResult base = backupNow(group);
        BlockingSource src = new BlockingSource("d", img, 3L * CHUNK);
        clock.advance(Duration.ofMinutes(1));
        Future<BackupResult> running = executor.submit(
                () -> ds.backup(BackupRequest.builder(group).image(src).mode(BackupMode.FULL).build()));
        src.awaitReached();
        ds.removeSnapshot(base.snapshot());
        src.release.countDown();
        assertThat(running.get(30, TimeUnit.SECONDS).mode()).isEqualTo(BackupMode.FULL);
    }

    @Test
    void protectedSnapshotsCannotBeRemoved() throws Exception {
        BackupResult r = backupNow(group);
        ds.protect(r.snapshot());
        assertThat(ds.isProtected(r.snapshot())).isTrue();
        assertThat(ds.listSnapshots(group).get(0).isProtected()).isTrue();
        assertThat(ds.readManifest(r.snapshot())).isEqualTo(r.manifest()); // protection is not in the manifest

        assertThatThrownBy(() -> ds.removeSnapshot(r.snapshot())).isInstanceOf(ProtectedSnapshotException.class);
        assertThat(ds.listSnapshots(group)).hasSize(1);

        ds.unprotect(r.snapshot());
        assertThat(ds.isProtected(r.snapshot())).isFalse();
        ds.removeSnapshot(r.snapshot());
        assertThat(ds.listSnapshots(group)).isEmpty();
        assertThat(r.snapshot().resolve(ds.root())).doesNotExist();
        assertThatThrownBy(() -> ds.removeSnapshot(r.snapshot())).isInstanceOf(SnapshotNotFoundException.class);
        assertThatThrownBy(() -> ds.protect(r.snapshot())).isInstanceOf(SnapshotNotFoundException.class);
    }

    @Test
    void readersBlockRemovalButNotEachOther() throws Exception {
        BackupResult r = backupNow(group);
        try (Lease reader = ds.locks().acquire(Datastore.snapshotLockKey(r.snapshot()), false, "restore (test)")) {
            assertThatThrownBy(() -> ds.removeSnapshot(r.snapshot())).isInstanceOf(LockedException.class);
            assertThat(ds.verify(r.snapshot()).ok()).isTrue(); // shared + shared is fine
            assertThat(TestSupport.restore(ds, r.snapshot(), "d", tmp)).isEqualTo(img);
        }
        ds.removeSnapshot(r.snapshot());
    }

    @Test
    void onlyOneGcAtATime() throws Exception {
        try (Lease gc = ds.locks().acquire(GarbageCollector.GC_LOCK, true, "gc (test)")) {
            assertThatThrownBy(() -> ds.garbageCollector().run(GcOptions.defaults()))
                    .isInstanceOf(LockedException.class);
        }
        assertThat(ds.garbageCollector().run(GcOptions.defaults()).chunksRemoved()).isZero();
    }

    @Test
    void locksHoldAcrossDatastoreInstancesOnTheSameDirectory() throws Exception {
        try (Datastore other = Datastore.open(ds.root(), TestSupport.fastOptions().clock(clock).build());
             Lease l = other.locks().acquire(Datastore.groupLockKey(group), true, "other instance")) {
            assertThatThrownBy(() -> backupNow(group)).isInstanceOf(LockedException.class)
                    .hasMessageContaining("other instance");
        }
        assertThat(backupNow(group)).isNotNull();
    }

    @Test
    void staleLeaseRules() throws Exception {
        String key = Datastore.groupLockKey(group);
        Path locks = ds.root().resolve(Locks.DIR);
        // a lease of another host with a fresh heartbeat is respected
        Path fresh = fakeLease(locks, key, "otherhost|boot|pid:[1]", 4242, clock.instant());
        assertThatThrownBy(() -> backupNow(group)).isInstanceOf(LockedException.class)
                .hasMessageContaining("otherhost");
        // ... until its heartbeat is older than lockStaleAfter (5 min)
        Files.setLastModifiedTime(fresh, FileTime.from(clock.instant().minus(Duration.ofMinutes(6))));
        assertThat(backupNow(group)).isNotNull();
        assertThat(fresh).doesNotExist();

        // a lease of this host whose process is gone is stale at once, whatever its heartbeat
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        Path dead = fakeLease(locks, key, HostIdentity.CURRENT.hostKey(), p.pid(), clock.instant().plusSeconds(3600));
        if (HostIdentity.CURRENT.hostKeyComplete()) {
            assertThat(backupNow(group)).isNotNull();
            assertThat(dead).doesNotExist();
        }
        // our own (live) process is never considered dead
        Path self = fakeLease(locks, key, HostIdentity.CURRENT.hostKey(), ProcessHandle.current().pid(),
                clock.instant());
        assertThatThrownBy(() -> backupNow(group)).isInstanceOf(LockedException.class);
        Files.delete(self);
        assertThat(leaseFiles(locks)).isEmpty();
    }

    @Test
    void aBackupThatLostItsLeaseDoesNotCommit() throws Exception {
        BlockingSource src = new BlockingSource("d", img, 2L * CHUNK);
        Future<BackupResult> running = startBlockedBackup(src);
        // someone else decided our lease was stale and broke it
        for (Path p : leaseFiles(ds.root().resolve(Locks.DIR))) {
            Files.delete(p);
        }
        ds.heartbeatNow();
        src.release.countDown();
        assertThatThrownBy(() -> running.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(BackupCancelledException.class)
                .hasMessageContaining("lost its lease");
        assertThat(ds.listSnapshots(group)).isEmpty();
        assertThat(Datastore.subdirs(group.resolve(ds.root()))).isEmpty();
    }

    @Test
    void allLeasesAndWriterRegistrationsAreReleased() throws Exception {
        BackupResult r = backupNow(group);
        backupNow(group);
        ds.verify(r.snapshot());
        TestSupport.restore(ds, r.snapshot(), "d", tmp);
        ds.garbageCollector().run(GcOptions.defaults());
        assertThat(leaseFiles(ds.root().resolve(Locks.DIR))).isEmpty();
        try (DirectoryStream<Path> w = Files.newDirectoryStream(ds.root().resolve(Writers.DIR))) {
            assertThat(w.iterator().hasNext()).isFalse();
        }
    }

    static List<Path> leaseFiles(Path locks) throws Exception {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> d = Files.newDirectoryStream(locks, "*.lease")) {
            d.forEach(out::add);
        }
        return out;
    }

    private static Path fakeLease(Path locks, String key, String hostKey, long pid, Instant heartbeat)
            throws Exception {
        var n = Json.MAPPER.createObjectNode();
        n.put("key", key);
        n.put("purpose", "backup on " + hostKey.split("\\|")[0]);
        n.put("hostKey", hostKey);
        n.put("pid", pid);
        n.put("processStart", -1);
        n.put("acquiredAt", heartbeat.toString());
        Path p = locks.resolve(Locks.prefix(key) + ".x." + java.util.UUID.randomUUID() + ".lease");
        Files.write(p, Json.MAPPER.writeValueAsBytes(n));
        Files.setLastModifiedTime(p, FileTime.from(heartbeat));
        return p;
    }
}
