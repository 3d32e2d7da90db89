package io.ironcore.datastore;

import static io.ironcore.datastore.TestSupport.CHUNK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ironcore.retention.RetentionPolicy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sync between datastores: {@link Datastore#pull} and the target's {@link RetentionPass}. */
class PullTest {
    @TempDir
    Path tmp;

    private final TestSupport.MutableClock clock = new TestSupport.MutableClock(Instant.parse("2026-11-01T03:00:00Z"));
    private final BackupGroup group = BackupGroup.vm("12345");
    private final Namespace archive = Namespace.of("archive");
    private Datastore primary;
    private Datastore site;
    private byte[] img;

    @BeforeEach
    void setUp() throws Exception {
        primary = Datastore.create(tmp.resolve("primary"), TestSupport.fastOptions().clock(clock).build());
        site = Datastore.create(tmp.resolve("site"), TestSupport.fastOptions().clock(clock).build());
        site.createNamespace(archive);
        img = TestSupport.mixed(5, 12 * CHUNK + 777);
    }

    @AfterEach
    void tearDown() throws Exception {
        primary.close();
        site.close();
    }

    private BackupResult backup(BackupMode mode) throws Exception {
        clock.advance(Duration.ofDays(1));
        return TestSupport.backup(primary, group, mode, new TestSupport.ArraySource("drive-scsi0", img, null));
    }

    @Test
    void pulledSnapshotRestoresByteIdenticalFromTheTargetAloneAndASecondPullIsANoOp() throws Exception {
        BackupResult full = backup(BackupMode.FULL);
        PullResult r = site.pull(primary, full.snapshot(), archive);

        assertThat(r.alreadyPresent()).isFalse();
        assertThat(r.snapshot()).isEqualTo(BackupGroup.of(archive, "vm", "12345").snapshot(full.snapshot().time()));
        int distinct = (int) primary.readIndex(full.snapshot(), full.manifest().images().get(0)).count();
        assertThat(r.chunksCopied()).isPositive().isLessThanOrEqualTo(distinct);
        assertThat(r.bytesCopied()).isPositive();
        assertThat(TestSupport.chunkFiles(site)).hasSameSizeAs(TestSupport.chunkFiles(primary));

        Manifest m = site.readManifest(r.snapshot());
        assertThat(m.mode()).isEqualTo(BackupMode.FULL);
        assertThat(m.chainBase()).isEqualTo(r.snapshot());
        assertThat(m.runId()).isEqualTo(full.manifest().runId());
        // the primary is gone: the copy stands on its own
        primary.removeSnapshot(full.snapshot());
        assertThat(TestSupport.restore(site, r.snapshot(), "drive-scsi0", tmp)).isEqualTo(img);
        assertThat(site.verify(r.snapshot()).ok()).isTrue();

        PullResult again = site.pull(primary, full.snapshot(), archive);
        assertThat(again.alreadyPresent()).isTrue();
        assertThat(again.chunksCopied()).isZero();
    }

    @Test
    void onlyChunksTheTargetLacksAreCopied() throws Exception {
        BackupResult first = backup(BackupMode.FULL);
        site.pull(primary, first.snapshot(), archive);
        img[3 * CHUNK + 10] ^= 1; // one chunk changed
        BackupResult second = backup(BackupMode.FULL);

        PullResult r = site.pull(primary, second.snapshot(), archive);

        assertThat(r.chunksCopied()).isEqualTo(1);
        assertThat(r.chunksPresent()).isPositive();
        assertThat(TestSupport.restore(site, r.snapshot(), "drive-scsi0", tmp)).isEqualTo(img);
    }

    @Test
    void anIncrementalSnapshotPulledWithoutItsParentRestoresOnItsOwn() throws Exception {
        backup(BackupMode.FULL);
        img[7 * CHUNK + 1] ^= 1;
        BackupResult inc = backup(BackupMode.INCREMENTAL);
        assertThat(inc.mode()).isEqualTo(BackupMode.INCREMENTAL);

        PullResult r = site.pull(primary, inc.snapshot(), archive);

        assertThat(site.listSnapshots(r.snapshot().group())).hasSize(1);
        assertThat(TestSupport.restore(site, r.snapshot(), "drive-scsi0", tmp)).isEqualTo(img);
    }

    @Test
    void aCorruptSourceChunkFailsThePullAndLeavesNothingVisibleInTheTarget() throws Exception {
        BackupResult full = backup(BackupMode.FULL);
        Path chunk = TestSupport.chunkPath(primary, full.snapshot(), "drive-scsi0", 2);
        TestSupport.flipByte(chunk, Files.size(chunk) / 2);

        assertThatThrownBy(() -> site.pull(primary, full.snapshot(), archive))
                .isInstanceOf(CorruptChunkException.class).hasMessageContaining(chunk.getFileName().toString());

        BackupGroup target = BackupGroup.of(archive, "vm", "12345");
        assertThat(site.listSnapshots(target)).isEmpty();
        assertThat(site.snapshotDirTimes(target)).isEmpty();
        assertThat(TestSupport.chunkFiles(site)).noneMatch(p -> p.getFileName().equals(chunk.getFileName()));
        // repaired at the source by the next full backup, the pull goes through
        BackupResult repaired = backup(BackupMode.FULL);
        assertThat(TestSupport.restore(site, site.pull(primary, repaired.snapshot(), archive).snapshot(),
                "drive-scsi0", tmp)).isEqualTo(img);
    }

    @Test
    void incompatibleDatastoresAreRefusedBeforeAnythingIsWritten() throws Exception {
        BackupResult full = backup(BackupMode.FULL);
        try (Datastore bigChunks = Datastore.create(tmp.resolve("big"),
                TestSupport.fastOptions().chunkSize(2 * CHUNK).build());
             Datastore encrypted = Datastore.create(tmp.resolve("enc"),
                     TestSupport.fastOptions().encryptionKey(EncryptionKey.generate()).build())) {
            assertThatThrownBy(() -> bigChunks.pull(primary, full.snapshot(), Namespace.ROOT))
                    .isInstanceOf(DatastoreException.class).hasMessageContaining("chunk size");
            assertThatThrownBy(() -> encrypted.pull(primary, full.snapshot(), Namespace.ROOT))
                    .isInstanceOf(DatastoreException.class).hasMessageContaining("plain datastore into an encrypted");
            assertThat(TestSupport.chunkFiles(bigChunks)).isEmpty();
            assertThat(TestSupport.chunkFiles(encrypted)).isEmpty();
        }
    }

    @Test
    void encryptedSnapshotsSyncBetweenDatastoresThatShareTheKey() throws Exception {
        EncryptionKey key = EncryptionKey.generate();
        try (Datastore a = Datastore.create(tmp.resolve("a"), TestSupport.fastOptions().encryptionKey(key).build());
             Datastore b = Datastore.create(tmp.resolve("b"), TestSupport.fastOptions().encryptionKey(key).build());
             Datastore other = Datastore.create(tmp.resolve("c"),
                     TestSupport.fastOptions().encryptionKey(EncryptionKey.generate()).build())) {
            BackupResult full = TestSupport.backup(a, group, BackupMode.FULL,
                    new TestSupport.ArraySource("drive-scsi0", img, null));
            PullResult r = b.pull(a, full.snapshot(), Namespace.ROOT);
            assertThat(TestSupport.restore(b, r.snapshot(), "drive-scsi0", tmp)).isEqualTo(img);
            assertThatThrownBy(() -> other.pull(a, full.snapshot(), Namespace.ROOT))
                    .isInstanceOf(DatastoreException.class).hasMessageContaining("different encryption keys");
        }
    }

    @Test
    void theTargetsRetentionRemovesWhatItDoesNotKeep() throws Exception {
        for (int week = 0; week < 4; week++) {
            BackupResult full = backup(BackupMode.FULL);
            site.pull(primary, full.snapshot(), archive);
            clock.advance(Duration.ofDays(6));
        }
        BackupGroup target = BackupGroup.of(archive, "vm", "12345");
        List<SnapshotInfo> before = site.listSnapshots(target);
        assertThat(before).hasSize(4);
        site.protect(before.get(3).ref()); // the oldest

        RetentionPass.Outcome o = RetentionPass.apply(site, site.listGroups(archive), s -> true,
                RetentionPolicy.parse("keep-weekly=2"), ZoneOffset.UTC, Set.of());

        assertThat(o.removed()).extracting(RetentionPass.Decided::snapshotId)
                .containsExactly(before.get(2).ref().toString());
        assertThat(o.kept()).extracting(RetentionPass.Decided::snapshotId).containsExactlyInAnyOrder(
                before.get(0).ref().toString(), before.get(1).ref().toString(), before.get(3).ref().toString());
        assertThat(site.listSnapshots(target)).hasSize(3);
    }
}
