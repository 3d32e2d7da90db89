package io.ironcore.datastore;

import static io.ironcore.datastore.TestSupport.CHUNK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorruptionTest {
    @TempDir
    Path tmp;

    private final TestSupport.MutableClock clock = new TestSupport.MutableClock(Instant.parse("2026-11-20T02:00:00Z"));
    private final BackupGroup group = BackupGroup.vm("700");
    private Datastore ds;
    private byte[] img;
    private BackupResult first;

    @BeforeEach
    void setUp() throws Exception {
        ds = Datastore.create(tmp.resolve("ds"), TestSupport.fastOptions().clock(clock).build());
        img = TestSupport.mixed(11, 9 * CHUNK + 99); // chunks: 0 zero, 1 random, 2 text, 3 zero, 4 random ...
        first = backup(BackupMode.FULL);
    }

    @AfterEach
    void tearDown() throws Exception {
        ds.close();
    }

    private BackupResult backup(BackupMode mode) throws Exception {
        clock.advance(Duration.ofHours(1));
        return TestSupport.backup(ds, group, mode, new TestSupport.ArraySource("drive-scsi0", img, null));
    }

    @Test
    void flippedByteIsFoundByVerifyAndRestoreAndRepairedByFullBackup() throws Exception {
        Path chunk = TestSupport.chunkPath(ds, first.snapshot(), "drive-scsi0", 2); // the compressed text chunk
        TestSupport.flipByte(chunk, Files.size(chunk) / 2);
        String hex = chunk.getFileName().toString();

        VerifyReport v = ds.verify(first.snapshot());
        assertThat(v.ok()).isFalse();
        assertThat(v.corruptChunks()).containsExactly(hex);
        assertThat(v.missingChunks()).isEmpty();
        assertThat(ds.verifyState(first.snapshot())).get().extracting(VerifyReport::ok).isEqualTo(false);
        assertThat(ds.listSnapshots(group).get(0).lastVerify()).get()
                .extracting(VerifyReport::corruptChunks).asList().containsExactly(hex);
        // verify state lives beside the manifest, the manifest is unchanged
        assertThat(ds.readManifest(first.snapshot())).isEqualTo(first.manifest());

        Path target = tmp.resolve("restore.img");
        assertThatThrownBy(() -> ds.restore(first.snapshot(), "drive-scsi0", target))
                .isInstanceOf(CorruptChunkException.class).hasMessageContaining(hex)
                .extracting(e -> ((CorruptChunkException) e).digest()).isEqualTo(hex);
        assertThat(target).doesNotExist();

        // an incremental backup after a failed verify becomes a full one and repairs the chunk
        BackupResult repair = backup(BackupMode.INCREMENTAL);
        assertThat(repair.mode()).isEqualTo(BackupMode.FULL);
        assertThat(repair.manifest().requestedMode()).isEqualTo(BackupMode.INCREMENTAL);
        assertThat(repair.stats().chunksRepaired()).isEqualTo(1);
        assertThat(repair.stats().chunksNew()).isEqualTo(1);

        assertThat(ds.verify(first.snapshot()).ok()).isTrue();
        assertThat(TestSupport.restore(ds, first.snapshot(), "drive-scsi0", tmp)).isEqualTo(img);
        assertThat(TestSupport.restore(ds, repair.snapshot(), "drive-scsi0", tmp)).isEqualTo(img);
    }

    @Test
    void explicitFullBackupRepairsRawAndMissingChunks() throws Exception {
        Path raw = TestSupport.chunkPath(ds, first.snapshot(), "drive-scsi0", 1); // random: stored raw
        TestSupport.flipByte(raw, 20);
        Path gone = TestSupport.chunkPath(ds, first.snapshot(), "drive-scsi0", 4);
        Files.delete(gone);

        VerifyReport v = ds.verify(first.snapshot());
        assertThat(v.corruptChunks()).containsExactly(raw.getFileName().toString());
        assertThat(v.missingChunks()).containsExactly(gone.getFileName().toString());

        BackupResult full = backup(BackupMode.FULL);
        assertThat(full.stats().chunksRepaired()).isEqualTo(2);
        assertThat(ds.verify(first.snapshot()).ok()).isTrue();
        assertThat(TestSupport.restore(ds, first.snapshot(), "drive-scsi0", tmp)).isEqualTo(img);
    }

    @Test
    void chunkWithValidCrcButWrongContentIsDetected() throws Exception {
        // put chunk 4's file in place of chunk 1's: its CRC is valid, its content does not match the name
        Path c1 = TestSupport.chunkPath(ds, first.snapshot(), "drive-scsi0", 1);
        Path c4 = TestSupport.chunkPath(ds, first.snapshot(), "drive-scsi0", 4);
        Files.copy(c4, c1, StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> ds.restore(first.snapshot(), "drive-scsi0", tmp.resolve("r.img")))
                .isInstanceOf(CorruptChunkException.class).hasMessageContaining("does not match its digest");
        assertThat(ds.verify(first.snapshot()).corruptChunks()).containsExactly(c1.getFileName().toString());
    }

    @Test
    void truncatedChunkAndGarbageHeaderAreDetected() throws Exception {
        Path c1 = TestSupport.chunkPath(ds, first.snapshot(), "drive-scsi0", 1);
        Files.write(c1, java.util.Arrays.copyOf(Files.readAllBytes(c1), 10));
        Path c2 = TestSupport.chunkPath(ds, first.snapshot(), "drive-scsi0", 2);
        TestSupport.flipByte(c2, 0);
        VerifyReport v = ds.verify(first.snapshot());
        assertThat(v.corruptChunks()).containsExactlyInAnyOrder(c1.getFileName().toString(),
                c2.getFileName().toString());
    }

    @Test
    void tamperedIndexIsRejected() throws Exception {
        Path idx = first.snapshot().resolve(ds.root()).resolve("drive-scsi0.fidx");
        TestSupport.flipByte(idx, FixedIndex.HEADER + 5);
        assertThatThrownBy(() -> ds.restore(first.snapshot(), "drive-scsi0", tmp.resolve("r.img")))
                .isInstanceOf(CorruptChunkException.class).hasMessageContaining("index");
        VerifyReport v = ds.verify(first.snapshot());
        assertThat(v.ok()).isFalse();
        assertThat(v.errors()).hasSize(1);
        // GC refuses to sweep when it cannot read an index
        assertThatThrownBy(() -> ds.garbageCollector().run(GcOptions.defaults()))
                .isInstanceOf(DatastoreException.class).hasMessageContaining("GC aborted");
    }

    @Test
    void tamperedManifestHidesTheSnapshot() throws Exception {
        Path m = first.snapshot().resolve(ds.root()).resolve("manifest.json");
        String json = Files.readString(m).replace("\"runId\" : null", "\"runId\" : \"forged\"");
        assertThat(json).contains("forged");
        Files.writeString(m, json);
        assertThatThrownBy(() -> ds.readManifest(first.snapshot())).isInstanceOf(CorruptChunkException.class)
                .hasMessageContaining("checksum");
        assertThat(ds.listSnapshots(group)).isEmpty();
    }

    @Test
    void manifestChecksumSurvivesReformattingAndUnknownFields() throws Exception {
        Path m = first.snapshot().resolve(ds.root()).resolve("manifest.json");
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(Files.readAllBytes(m));
        Files.write(m, Json.MAPPER.writeValueAsBytes(tree)); // compact, same content
        assertThat(ds.readManifest(first.snapshot())).isEqualTo(first.manifest());
        tree.put("addedByANewerWriter", 1);
        Files.write(m, Json.MAPPER.writeValueAsBytes(tree));
        assertThatThrownBy(() -> ds.readManifest(first.snapshot())).isInstanceOf(CorruptChunkException.class);
    }

    @Test
    void datastoreWideVerifyChecksEachChunkOnce() throws Exception {
        BackupResult second = backup(BackupMode.INCREMENTAL);
        TestSupport.backup(ds, BackupGroup.of(Namespace.of("other"), "ct", "1"), BackupMode.FULL,
                new TestSupport.ArraySource("root", TestSupport.text(3, 3 * CHUNK), null));
        DatastoreVerifyReport all = ds.verifyAll();
        assertThat(all.ok()).isTrue();
        assertThat(all.snapshots()).hasSize(3);
        // first and second share all their chunks; every chunk file of the datastore is referenced once
        long distinct = TestSupport.chunkFiles(ds).size();
        assertThat(all.distinctChunksChecked()).isEqualTo(distinct);

        Path c = TestSupport.chunkPath(ds, second.snapshot(), "drive-scsi0", 2);
        TestSupport.flipByte(c, 30);
        DatastoreVerifyReport bad = ds.verifyAll();
        assertThat(bad.ok()).isFalse();
        assertThat(bad.failed()).extracting(VerifyReport::snapshot)
                .containsExactlyInAnyOrder(first.snapshot(), second.snapshot());
    }
}
