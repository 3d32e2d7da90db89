package io.ironcore.datastore;

import static io.ironcore.datastore.TestSupport.CHUNK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup path works on page-aligned direct buffers and reads images with O_DIRECT where the file system allows
 * it; everything it reads and writes must be byte-for-byte what the heap/buffered path gives.
 */
class DirectIoTest {
    @TempDir
    Path tmp;

    private static FileImageSource open(Path file, boolean directRead) throws Exception {
        String old = System.getProperty(FileImageSource.DIRECT_READ_PROPERTY);
        System.setProperty(FileImageSource.DIRECT_READ_PROPERTY, Boolean.toString(directRead));
        try {
            return FileImageSource.open("drive-scsi0", file);
        } finally {
            if (old == null) {
                System.clearProperty(FileImageSource.DIRECT_READ_PROPERTY);
            } else {
                System.setProperty(FileImageSource.DIRECT_READ_PROPERTY, old);
            }
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.position()];
        b.get(0, out);
        return out;
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void fileSourceReadsTheSameBytesAlignedOrNot(boolean directRead) throws Exception {
        byte[] data = TestSupport.random(11, 3 * CHUNK + 1000);
        Path file = TestSupport.write(tmp, "disk.img", data);
        ByteBuffer aligned = DirectBuffers.borrow(CHUNK);
        try (FileImageSource s = open(file, directRead)) {
            if (!directRead) {
                assertThat(s.directReads()).isFalse();
            }
            // a whole aligned chunk into an aligned direct buffer: the O_DIRECT read where available
            aligned.clear();
            if (s.directReads()) {
                assertThat(s.aligned(CHUNK, aligned)).isTrue();
            }
            assertThat(s.read(CHUNK, aligned)).isEqualTo(CHUNK);
            assertThat(bytes(aligned)).isEqualTo(Arrays.copyOfRange(data, CHUNK, 2 * CHUNK));
            // the short tail, an unaligned position, a heap buffer, a buffer at an unaligned address: page cache
            aligned.clear().limit(2000);
            assertThat(s.read(3 * CHUNK, aligned)).isEqualTo(1000);
            assertThat(bytes(aligned)).isEqualTo(Arrays.copyOfRange(data, 3 * CHUNK, data.length));
            aligned.clear().limit(CHUNK);
            assertThat(s.aligned(100, aligned)).isFalse();
            assertThat(s.read(100, aligned)).isEqualTo(CHUNK);
            assertThat(bytes(aligned)).isEqualTo(Arrays.copyOfRange(data, 100, 100 + CHUNK));
            ByteBuffer heap = ByteBuffer.allocate(CHUNK);
            assertThat(s.aligned(0, heap)).isFalse();
            assertThat(s.read(0, heap)).isEqualTo(CHUNK);
            assertThat(heap.array()).isEqualTo(Arrays.copyOfRange(data, 0, CHUNK));
            ByteBuffer odd = aligned.clear().position(1).slice().limit(4096);
            assertThat(s.aligned(0, odd)).isFalse();
            assertThat(s.read(0, odd)).isEqualTo(4096);
            assertThat(bytes(odd)).isEqualTo(Arrays.copyOfRange(data, 0, 4096));
            aligned.clear();
            assertThat(s.read(data.length, aligned)).isEqualTo(-1);
        } finally {
            DirectBuffers.release(aligned);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void backupOfAFileImageRestoresByteIdentical(boolean directRead) throws Exception {
        byte[] img = TestSupport.mixed(5, 9 * CHUNK + 1001); // a short last chunk (buffered) after aligned ones
        Path file = TestSupport.write(tmp, "disk.img", img);
        try (Datastore ds = TestSupport.create(tmp.resolve("ds"))) {
            BackupResult r = TestSupport.backup(ds, BackupGroup.vm("1"), BackupMode.FULL, open(file, directRead));
            assertThat(r.stats().bytesRead()).isEqualTo(img.length);
            assertThat(r.stats().chunksTotal()).isEqualTo(10);
            assertThat(TestSupport.restore(ds, r.snapshot(), "drive-scsi0", tmp)).isEqualTo(img);
            assertThat(ds.verify(r.snapshot()).ok()).isTrue();
            // the second, full, backup compares every stored chunk with the data read: all equal, nothing written
            BackupResult again = TestSupport.backup(ds, BackupGroup.vm("1"), BackupMode.FULL, open(file, directRead));
            assertThat(again.stats().chunksNew()).isZero();
            assertThat(again.stats().bytesUploaded()).isZero();
        }
    }

    @Test
    void directEncodingWritesTheSameBlobsAsTheArrayPath() throws Exception {
        ChunkCodec.Settings plain = new ChunkCodec.Settings(FixedIndex.MAX_CHUNK, true, 1, true, null, null);
        int big = DatastoreOptions.DEFAULT_CHUNK_SIZE;
        byte[][] inputs = {TestSupport.random(1, big), TestSupport.text(2, big), new byte[big],
                TestSupport.text(3, 5000), TestSupport.random(4, 300 * 1024), TestSupport.random(5, CHUNK)};
        try (ChunkCodec direct = new ChunkCodec(plain); ChunkCodec heap = new ChunkCodec(plain);
             ChunkCodec reader = new ChunkCodec(plain)) {
            for (byte[] in : inputs) {
                ByteBuffer buf = DirectBuffers.borrow(big);
                try {
                    buf.put(0, in);
                    assertThat(ChunkCodec.isZero(buf, in.length)).isEqualTo(ChunkCodec.isZero(in, in.length));
                    Digest d = direct.digest(buf, in.length);
                    assertThat(d).isEqualTo(heap.digest(in, 0, in.length));
                    int n = direct.encode(d, buf, in.length);
                    byte[] blobDirect = concat(direct.blob(buf, in.length, n));
                    assertThat(blobDirect).hasSize(n);
                    int m = heap.encode(d, in, in.length);
                    byte[] blobHeap = heap.passthrough()
                            ? concat(new ByteBuffer[]{ByteBuffer.wrap(heap.out(), 0, ChunkCodec.HEADER),
                                    ByteBuffer.wrap(in)})
                            : Arrays.copyOf(heap.out(), m);
                    assertThat(blobDirect).isEqualTo(blobHeap);
                    assertThat(reader.decode(d, blobDirect, n, in.length, true)).isEqualTo(in.length);
                    assertThat(Arrays.copyOf(reader.plain(), in.length)).isEqualTo(in);
                } finally {
                    DirectBuffers.release(buf);
                }
            }
        }
    }

    @Test
    void encryptedDatastoresEncodeDirectBuffersToo() throws Exception {
        EncryptionKey key = EncryptionKey.generate();
        ChunkCodec.Settings enc = new ChunkCodec.Settings(FixedIndex.MAX_CHUNK, true, 1, true,
                key.derive(EncryptionKey.INFO_ENC), key.derive(EncryptionKey.INFO_ID));
        byte[] in = TestSupport.text(9, CHUNK);
        ByteBuffer buf = DirectBuffers.borrow(CHUNK);
        try (ChunkCodec codec = new ChunkCodec(enc); ChunkCodec reader = new ChunkCodec(enc)) {
            buf.put(0, in);
            Digest d = codec.digest(buf, in.length);
            assertThat(d).isEqualTo(reader.digest(in, 0, in.length));
            int n = codec.encode(d, buf, in.length);
            byte[] blob = concat(codec.blob(buf, in.length, n));
            assertThat(blob[5]).isEqualTo((byte) (ChunkCodec.FLAG_ZSTD | ChunkCodec.FLAG_ENCRYPTED));
            reader.decode(d, blob, n, in.length, true);
            assertThat(Arrays.copyOf(reader.plain(), in.length)).isEqualTo(in);
        } finally {
            DirectBuffers.release(buf);
        }
    }

    @Test
    void directBuffersArePageAlignedExactAndReused() {
        int capacity = 3 * 4096 + 17; // a size nobody else uses, so the pool is ours
        ByteBuffer b = DirectBuffers.borrow(capacity);
        assertThat(b.isDirect()).isTrue();
        assertThat(b.capacity()).isEqualTo(capacity);
        assertThat(b.alignmentOffset(0, DirectBuffers.ALIGNMENT)).isZero();
        b.position(10);
        DirectBuffers.release(b);
        ByteBuffer again = DirectBuffers.borrow(capacity);
        assertThat(again).isSameAs(b);
        assertThat(again.position()).isZero();
        assertThat(again.remaining()).isEqualTo(capacity);
        DirectBuffers.release(again);
    }

    private static byte[] concat(ByteBuffer[] parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer p : parts) {
            byte[] b = new byte[p.remaining()];
            p.duplicate().get(b);
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    @Test
    void chunkFilesOfADirectBackupAreReadableByRestoreAndGc() throws Exception {
        byte[] img = TestSupport.mixed(8, 6 * CHUNK);
        Path file = TestSupport.write(tmp, "d.img", img);
        try (Datastore ds = TestSupport.create(tmp.resolve("ds2"))) {
            BackupResult r = TestSupport.backupFile(ds, BackupGroup.vm("2"), BackupMode.INCREMENTAL, "d", file);
            long onDisk = 0;
            for (Path p : TestSupport.chunkFiles(ds)) {
                onDisk += Files.size(p);
            }
            assertThat(r.stats().bytesUploaded()).isEqualTo(onDisk);
            assertThat(TestSupport.restore(ds, r.snapshot(), "d", tmp)).isEqualTo(img);
        }
    }

    @Test
    void directChunkWritesStoreExactlyTheBlobsOfBufferedWrites() throws Exception {
        // raw, compressed and zero chunks and a short last chunk, in 64 KiB and 4 MiB chunk sizes
        for (int chunk : new int[] {CHUNK, DatastoreOptions.DEFAULT_CHUNK_SIZE}) {
            byte[] img = TestSupport.mixed(21, 7 * chunk + 3001);
            Path file = TestSupport.write(tmp, "w" + chunk + ".img", img);
            java.util.Map<String, byte[]> byMode = new java.util.HashMap<>();
            for (boolean direct : new boolean[] {true, false}) {
                Path dir = tmp.resolve("ds-" + chunk + "-" + direct);
                try (Datastore ds = Datastore.create(dir,
                        TestSupport.fastOptions().chunkSize(chunk).directWrites(direct).build())) {
                    int alignmentBefore = ds.chunks().directWriteAlignment();
                    if (!direct) {
                        assertThat(alignmentBefore).isZero();
                    }
                    BackupResult r = TestSupport.backupFile(ds, BackupGroup.vm("3"), BackupMode.FULL, "d", file);
                    // a file system that accepts O_DIRECT keeps it (no silent fall-back after a failed write)
                    assertThat(ds.chunks().directWriteAlignment()).isEqualTo(alignmentBefore);
                    assertThat(TestSupport.restore(ds, r.snapshot(), "d", tmp)).isEqualTo(img);
                    assertThat(ds.verify(r.snapshot()).ok()).isTrue();
                    long onDisk = 0;
                    for (Path p : TestSupport.chunkFiles(ds)) {
                        byte[] blob = Files.readAllBytes(p);
                        onDisk += blob.length;
                        byte[] other = byMode.put(p.getFileName().toString() + direct, blob);
                        assertThat(other).isNull();
                    }
                    assertThat(r.stats().bytesUploaded()).isEqualTo(onDisk);
                    assertThat(TestSupport.chunkFiles(ds)).hasSize((int) r.stats().chunksNew()
                            + (r.stats().chunksZero() > 0 ? 1 : 0));
                }
            }
            // the same chunk files with the same bytes, whichever way they were written
            java.util.Set<String> names = new java.util.TreeSet<>();
            byMode.keySet().forEach(k -> names.add(k.replaceAll("(true|false)$", "")));
            assertThat(names).isNotEmpty();
            for (String name : names) {
                assertThat(byMode.get(name + "true")).as(name).isEqualTo(byMode.get(name + "false"));
            }
        }
    }

    @Test
    void aFileSystemThatRefusesTheDirectWriteGetsBufferedWritesWithTheSameBytes() throws Exception {
        byte[] img = TestSupport.mixed(22, 6 * CHUNK + 777);
        Path file = TestSupport.write(tmp, "f.img", img);
        try (Datastore refused = Datastore.create(tmp.resolve("refused"), TestSupport.fastOptions().build());
             Datastore buffered = Datastore.create(tmp.resolve("buffered"),
                     TestSupport.fastOptions().directWrites(false).build())) {
            // 512-byte padding: this file system checks O_DIRECT lengths against its 4 KiB block size and refuses
            java.nio.file.FileStore store = Files.getFileStore(tmp);
            assumeTrue(store.getBlockSize() > 512 && refused.chunks().directWriteAlignment() > 0,
                    "needs a file system with O_DIRECT and blocks over 512 bytes");
            refused.chunks().directWriteAlignmentForTest(512);
            BackupResult r = TestSupport.backupFile(refused, BackupGroup.vm("4"), BackupMode.FULL, "d", file);
            assertThat(refused.chunks().directWriteAlignment()).isZero(); // fell back, and stays there
            BackupResult b = TestSupport.backupFile(buffered, BackupGroup.vm("4"), BackupMode.FULL, "d", file);
            assertThat(TestSupport.restore(refused, r.snapshot(), "d", tmp)).isEqualTo(img);
            assertThat(refused.verify(r.snapshot()).ok()).isTrue();
            assertThat(r.stats().bytesUploaded()).isEqualTo(b.stats().bytesUploaded());
            for (Path p : TestSupport.chunkFiles(buffered)) {
                Path q = refused.chunks().dir().resolve(p.getParent().getFileName()).resolve(p.getFileName());
                assertThat(Files.readAllBytes(q)).isEqualTo(Files.readAllBytes(p));
            }
            assertThat(TestSupport.chunkFiles(refused)).hasSameSizeAs(TestSupport.chunkFiles(buffered));
            try (java.util.stream.Stream<Path> left = Files.walk(refused.chunks().dir())) {
                assertThat(left.filter(p -> p.getFileName().toString().contains("tmp"))).isEmpty();
            }
        }
    }
}
