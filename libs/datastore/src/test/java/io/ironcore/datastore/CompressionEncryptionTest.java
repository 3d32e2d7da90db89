package io.ironcore.datastore;

import static io.ironcore.datastore.TestSupport.CHUNK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompressionEncryptionTest {
    @TempDir
    Path tmp;

    private static int flags(Path chunk) throws Exception {
        byte[] b = Files.readAllBytes(chunk);
        assertThat(new String(b, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("ICCK");
        assertThat(b[4]).isEqualTo((byte) 1);
        return b[5];
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @Test
    void randomIsStoredRawAndTextCompressed() throws Exception {
        byte[] rnd = TestSupport.random(1, CHUNK);
        byte[] txt = TestSupport.text(2, CHUNK);
        try (Datastore ds = TestSupport.create(tmp.resolve("ds"))) {
            BackupResult r = TestSupport.backup(ds, BackupGroup.vm("1"), BackupMode.FULL,
                    new TestSupport.ArraySource("rnd", rnd, null), new TestSupport.ArraySource("txt", txt, null));
            Path rawChunk = TestSupport.chunkPath(ds, r.snapshot(), "rnd", 0);
            Path txtChunk = TestSupport.chunkPath(ds, r.snapshot(), "txt", 0);
            // chunk names are the SHA-256 of the plaintext, compressed or not
            assertThat(rawChunk.getFileName().toString()).isEqualTo(sha256(rnd));
            assertThat(txtChunk.getFileName().toString()).isEqualTo(sha256(txt));
            assertThat(rawChunk.getParent().getFileName().toString()).isEqualTo(sha256(rnd).substring(0, 4));
            assertThat(flags(rawChunk)).isEqualTo(0);
            assertThat(Files.size(rawChunk)).isEqualTo(CHUNK + 16);
            assertThat(flags(txtChunk)).isEqualTo(ChunkCodec.FLAG_ZSTD);
            assertThat(Files.size(txtChunk)).isLessThan(CHUNK / 2);
            assertThat(r.stats().bytesUploaded()).isEqualTo(Files.size(rawChunk) + Files.size(txtChunk));
            // the CRC-32C in the header covers the stored payload
            byte[] blob = Files.readAllBytes(txtChunk);
            CRC32C crc = new CRC32C();
            crc.update(blob, 16, blob.length - 16);
            assertThat(ChunkCodec.getInt(blob, 8)).isEqualTo((int) crc.getValue());
            assertThat(ChunkCodec.getInt(blob, 12)).isEqualTo(CHUNK);
            assertThat(TestSupport.restore(ds, r.snapshot(), "txt", tmp)).isEqualTo(txt);
        }
    }

    @Test
    void probeSkipsIncompressibleLargeChunksAndKeepsMixedOnes() throws Exception {
        int chunk = 1024 * 1024;
        byte[] rnd = TestSupport.random(3, chunk);
        // mostly random with a compressible quarter that the probe samples see
        byte[] mixed = TestSupport.random(4, chunk);
        System.arraycopy(TestSupport.text(5, chunk / 2), 0, mixed, 0, chunk / 2);
        try (Datastore ds = Datastore.create(tmp.resolve("ds"), TestSupport.fastOptions().chunkSize(chunk).build())) {
            BackupResult r = TestSupport.backup(ds, BackupGroup.vm("1"), BackupMode.FULL,
                    new TestSupport.ArraySource("rnd", rnd, null), new TestSupport.ArraySource("mixed", mixed, null));
            assertThat(flags(TestSupport.chunkPath(ds, r.snapshot(), "rnd", 0))).isEqualTo(0);
            Path m = TestSupport.chunkPath(ds, r.snapshot(), "mixed", 0);
            assertThat(flags(m)).isEqualTo(ChunkCodec.FLAG_ZSTD);
            assertThat(Files.size(m)).isLessThan(chunk * 3L / 4);
            assertThat(TestSupport.restore(ds, r.snapshot(), "mixed", tmp)).isEqualTo(mixed);
        }
    }

    @Test
    void chunkNamesDoNotDependOnCompression() throws Exception {
        byte[] txt = TestSupport.text(6, 2 * CHUNK);
        java.util.List<String> plainNames;
        java.util.List<String> zstdNames;
        try (Datastore ds = Datastore.create(tmp.resolve("off"), TestSupport.fastOptions().compression(false).build())) {
            assertThat(ds.config().compression()).isFalse();
            BackupResult r = TestSupport.backup(ds, BackupGroup.vm("1"), BackupMode.FULL,
                    new TestSupport.ArraySource("d", txt, null));
            assertThat(flags(TestSupport.chunkPath(ds, r.snapshot(), "d", 0))).isEqualTo(0);
            plainNames = TestSupport.chunkFiles(ds).stream().map(p -> p.getFileName().toString()).toList();
            assertThat(TestSupport.restore(ds, r.snapshot(), "d", tmp)).isEqualTo(txt);
        }
        try (Datastore ds = Datastore.create(tmp.resolve("on"), TestSupport.fastOptions().build())) {
            BackupResult r = TestSupport.backup(ds, BackupGroup.vm("1"), BackupMode.FULL,
                    new TestSupport.ArraySource("d", txt, null));
            assertThat(flags(TestSupport.chunkPath(ds, r.snapshot(), "d", 0))).isEqualTo(ChunkCodec.FLAG_ZSTD);
            zstdNames = TestSupport.chunkFiles(ds).stream().map(p -> p.getFileName().toString()).toList();
        }
        assertThat(zstdNames).hasSize(2).isEqualTo(plainNames);
    }

    @Test
    void higherZstdLevelIsHonoured() throws Exception {
        byte[] txt = TestSupport.text(7, CHUNK);
        long size1;
        long size19;
        try (Datastore ds = Datastore.create(tmp.resolve("a"), TestSupport.fastOptions().build())) {
            BackupResult r = TestSupport.backup(ds, BackupGroup.vm("1"), BackupMode.FULL,
                    new TestSupport.ArraySource("d", txt, null));
            size1 = r.stats().bytesUploaded();
        }
        try (Datastore ds = Datastore.create(tmp.resolve("b"), TestSupport.fastOptions().zstdLevel(19).build())) {
            assertThat(ds.config().zstdLevel()).isEqualTo(19);
            BackupResult r = TestSupport.backup(ds, BackupGroup.vm("1"), BackupMode.FULL,
                    new TestSupport.ArraySource("d", txt, null));
            size19 = r.stats().bytesUploaded();
            assertThat(TestSupport.restore(ds, r.snapshot(), "d", tmp)).isEqualTo(txt);
        }
        assertThat(size19).isLessThan(size1);
    }

    @Test
    void encryptionRoundTripsAndHidesContentAndNames() throws Exception {
        EncryptionKey key = EncryptionKey.generate();
        byte[] txt = TestSupport.text(8, 3 * CHUNK + 5);
        byte[] img = new byte[txt.length + 2 * CHUNK];
        System.arraycopy(txt, 0, img, 0, txt.length); // plus zero chunks
        Path root = tmp.resolve("enc");
        SnapshotRef snap;
        try (Datastore ds = Datastore.create(root, TestSupport.fastOptions().encryptionKey(key).build())) {
            assertThat(ds.config().encrypted()).isTrue();
            assertThat(ds.config().keyFingerprint()).isEqualTo(key.fingerprint());
            BackupResult r = TestSupport.backup(ds, BackupGroup.vm("1"), BackupMode.FULL,
                    new TestSupport.ArraySource("d", img, null));
            snap = r.snapshot();
            assertThat(r.manifest().encrypted()).isTrue();
            assertThat(r.manifest().keyFingerprint()).isEqualTo(key.fingerprint());
            Path c0 = TestSupport.chunkPath(ds, snap, "d", 0);
            // keyed names: not the SHA-256 of the plaintext
            assertThat(c0.getFileName().toString()).isNotEqualTo(sha256(java.util.Arrays.copyOf(txt, CHUNK)));
            assertThat(flags(c0)).isEqualTo(ChunkCodec.FLAG_ZSTD | ChunkCodec.FLAG_ENCRYPTED);
            byte[] blob = Files.readAllBytes(c0);
            assertThat(new String(blob, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("snapshot");
            assertThat(TestSupport.restore(ds, snap, "d", tmp)).isEqualTo(img);
            assertThat(ds.verify(snap).ok()).isTrue();
            // incremental on an encrypted store
            BackupResult r2 = TestSupport.backup(ds, BackupGroup.vm("1"), BackupMode.INCREMENTAL,
                    new TestSupport.ArraySource("d", img, null));
            assertThat(r2.stats().chunksNew()).isZero();
        }
        Path keyfile = tmp.resolve("datastore.key");
        key.save(keyfile);
        if (Files.getFileStore(keyfile).supportsFileAttributeView("posix")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(keyfile)))
                    .isEqualTo("rw-------");
        }
        EncryptionKey loaded = EncryptionKey.load(keyfile);
        try (Datastore ds = Datastore.open(root, TestSupport.fastOptions().encryptionKey(loaded).build())) {
            assertThat(TestSupport.restore(ds, snap, "d", tmp)).isEqualTo(img);
        }
    }

    @Test
    void wrongOrMissingKeysAreRefused() throws Exception {
        EncryptionKey key = EncryptionKey.generate();
        Path root = tmp.resolve("enc");
        SnapshotRef snap;
        try (Datastore ds = Datastore.create(root, TestSupport.fastOptions().encryptionKey(key).build())) {
            snap = TestSupport.backup(ds, BackupGroup.vm("1"), BackupMode.FULL,
                    new TestSupport.ArraySource("d", TestSupport.text(1, CHUNK), null)).snapshot();
        }
        assertThatThrownBy(() -> Datastore.open(root,
                TestSupport.fastOptions().encryptionKey(EncryptionKey.generate()).build()))
                .isInstanceOf(KeyMismatchException.class).hasMessageContaining("wrong encryption key");
        // without a key: listing and prune work, reading content does not
        try (Datastore ds = Datastore.open(root, TestSupport.fastOptions().build())) {
            assertThat(ds.listSnapshots(BackupGroup.vm("1"))).hasSize(1);
            assertThatThrownBy(() -> ds.restore(snap, "d", tmp.resolve("x"))).isInstanceOf(KeyMismatchException.class);
            assertThatThrownBy(() -> ds.verify(snap)).isInstanceOf(KeyMismatchException.class);
            assertThatThrownBy(() -> TestSupport.backup(ds, BackupGroup.vm("1"), BackupMode.FULL,
                    new TestSupport.ArraySource("d", new byte[1], null))).isInstanceOf(KeyMismatchException.class);
        }
        // a key for a plain datastore is refused too
        Path plain = tmp.resolve("plain");
        TestSupport.create(plain).close();
        assertThatThrownBy(() -> Datastore.open(plain, TestSupport.fastOptions().encryptionKey(key).build()))
                .isInstanceOf(KeyMismatchException.class);
    }

    @Test
    void tamperedCiphertextFailsTheTagEvenWithAValidCrc() throws Exception {
        EncryptionKey key = EncryptionKey.generate();
        try (Datastore ds = Datastore.create(tmp.resolve("enc"), TestSupport.fastOptions().encryptionKey(key).build())) {
            SnapshotRef snap = TestSupport.backup(ds, BackupGroup.vm("1"), BackupMode.FULL,
                    new TestSupport.ArraySource("d", TestSupport.random(1, CHUNK), null)).snapshot();
            Path c = TestSupport.chunkPath(ds, snap, "d", 0);
            byte[] blob = Files.readAllBytes(c);
            blob[40] ^= 1;
            CRC32C crc = new CRC32C();
            crc.update(blob, 16, blob.length - 16);
            ChunkCodec.putInt(blob, 8, (int) crc.getValue());
            Files.write(c, blob);
            assertThatThrownBy(() -> ds.restore(snap, "d", tmp.resolve("r")))
                    .isInstanceOf(CorruptChunkException.class).hasMessageContaining("authentication failed");
        }
    }

    @Test
    void keyfileRejectsGarbage() throws Exception {
        Path f = tmp.resolve("bad.key");
        Files.writeString(f, "{\"kind\":\"something-else\",\"version\":1}");
        assertThatThrownBy(() -> EncryptionKey.load(f)).hasMessageContaining("not an ironcore");
        EncryptionKey k = EncryptionKey.generate();
        Path good = tmp.resolve("good.key");
        k.save(good);
        assertThatThrownBy(() -> k.save(good)).isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        assertThat(EncryptionKey.load(good).fingerprint()).isEqualTo(k.fingerprint());
        assertThat(EncryptionKey.generate().fingerprint()).isNotEqualTo(k.fingerprint());
    }
}
