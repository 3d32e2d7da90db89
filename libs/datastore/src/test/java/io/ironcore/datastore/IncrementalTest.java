package io.ironcore.datastore;

import static io.ironcore.datastore.TestSupport.CHUNK;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncrementalTest {
    @TempDir
    Path tmp;

    private final TestSupport.MutableClock clock = new TestSupport.MutableClock(Instant.parse("2026-11-20T02:00:00Z"));
    private final BackupGroup group = BackupGroup.vm("500");
    private Datastore ds;
    /** 16 chunks: 0..3 random, 4..7 text, 8..11 zero, 12..15 random; last chunk short. */
    private byte[] base;

    @BeforeEach
    void setUp() throws Exception {
        ds = Datastore.create(tmp.resolve("ds"), TestSupport.fastOptions().clock(clock).build());
        base = new byte[16 * CHUNK - 1000];
        for (int i = 0; i < 16; i++) {
            int off = i * CHUNK;
            int len = Math.min(CHUNK, base.length - off);
            byte[] part = (i >= 4 && i < 8) ? TestSupport.text(i, len) : TestSupport.random(100 + i, len);
            if (i < 8 || i >= 12) {
                System.arraycopy(part, 0, base, off, len);
            }
        }
    }

    @org.junit.jupiter.api.AfterEach
    void tearDown() throws Exception {
        ds.close();
    }

    private BackupResult backup(byte[] img, BackupMode mode, DirtyBitmap bitmap, TestSupport.ArraySource[] out)
            throws Exception {
        clock.advance(Duration.ofHours(1));
        TestSupport.ArraySource src = new TestSupport.ArraySource("drive-scsi0", img, bitmap);
        if (out != null) {
            out[0] = src;
        }
        return TestSupport.backup(ds, group, mode, src);
    }

    /** Changes chunks 1 (random bytes), 5 (text edit), 9 (zero → data), 13 (data → zero). */
    private byte[] changed() {
        byte[] img = base.clone();
        img[CHUNK + 10] ^= 1;
        System.arraycopy("EDITED".getBytes(), 0, img, 5 * CHUNK + 100, 6);
        System.arraycopy(TestSupport.random(999, 50), 0, img, 9 * CHUNK + 1, 50);
        java.util.Arrays.fill(img, 13 * CHUNK, 14 * CHUNK, (byte) 0);
        return img;
    }

    @Test
    void incrementalUploadsExactlyTheChangedChunks() throws Exception {
        BackupResult first = backup(base, BackupMode.INCREMENTAL, null, null);
        assertThat(first.stats().chunksNew()).isEqualTo(12);
        assertThat(first.stats().chunksZero()).isEqualTo(4);

        BackupResult same = backup(base, BackupMode.INCREMENTAL, null, null);
        assertThat(same.mode()).isEqualTo(BackupMode.INCREMENTAL);
        assertThat(same.stats().chunksNew()).isZero();
        assertThat(same.stats().bytesUploaded()).isZero();
        assertThat(same.stats().bytesChanged()).isZero();
        assertThat(same.stats().chunksReused()).isEqualTo(12);
        assertThat(same.stats().bytesRead()).isEqualTo(base.length);

        byte[] img = changed();
        BackupResult incr = backup(img, BackupMode.INCREMENTAL, null, null);
        BackupStats s = incr.stats();
        assertThat(s.chunksTotal()).isEqualTo(16);
        assertThat(s.bytesChanged()).isEqualTo(4L * CHUNK);
        assertThat(s.chunksNew()).isEqualTo(3); // 1, 5, 9; chunk 13 became the (existing) zero chunk
        assertThat(s.chunksZero()).isEqualTo(4); // 8, 10, 11, 13
        assertThat(s.chunksReused()).isEqualTo(9);
        assertThat(s.bytesUploaded()).isPositive();
        // uploads: chunk 1 (random) stored raw with its 16-byte header; 5 (text) and 9 (mostly zeros) compressed
        assertThat(s.bytesUploaded()).isGreaterThan(CHUNK + 16L).isLessThan(2L * CHUNK);
        assertThat(incr.manifest().parent()).isEqualTo(same.snapshot());
        assertThat(incr.manifest().chainBase()).isEqualTo(first.snapshot());
        assertThat(TestSupport.restore(ds, incr.snapshot(), "drive-scsi0", tmp)).isEqualTo(img);
        assertThat(TestSupport.restore(ds, first.snapshot(), "drive-scsi0", tmp)).isEqualTo(base);

        // reverting to the base content uploads nothing: every chunk is still stored
        BackupResult back = backup(base, BackupMode.INCREMENTAL, null, null);
        assertThat(back.stats().chunksNew()).isZero();
        assertThat(back.stats().bytesChanged()).isEqualTo(4L * CHUNK);
    }

    @Test
    void dirtyBitmapReadsOnlyDirtyBlocks() throws Exception {
        BackupResult first = backup(base, BackupMode.FULL, null, null);
        byte[] img = changed();
        BitSet dirty = new BitSet();
        dirty.set(1);
        dirty.set(5);
        dirty.set(9);
        dirty.set(13);
        TestSupport.ArraySource[] src = new TestSupport.ArraySource[1];
        BackupResult incr = backup(img, BackupMode.INCREMENTAL, DirtyBitmap.ofChunks(first.snapshot(), CHUNK, dirty), src);
        assertThat(src[0].offsets).containsExactlyInAnyOrder((long) CHUNK, 5L * CHUNK, 9L * CHUNK, 13L * CHUNK);
        assertThat(src[0].bytesRead.get()).isEqualTo(4L * CHUNK);
        BackupStats s = incr.stats();
        assertThat(s.bytesRead()).isEqualTo(4L * CHUNK);
        assertThat(s.chunksNew()).isEqualTo(3);
        assertThat(s.chunksZero()).isEqualTo(4);
        assertThat(s.chunksReused()).isEqualTo(9);
        assertThat(s.bytesChanged()).isEqualTo(4L * CHUNK);
        assertThat(incr.manifest().images().get(0).dirtyBitmapUsed()).isTrue();
        assertThat(TestSupport.restore(ds, incr.snapshot(), "drive-scsi0", tmp)).isEqualTo(img);
    }

    @Test
    void fineGrainedBitmapMapsToChunks() throws Exception {
        BackupResult first = backup(base, BackupMode.FULL, null, null);
        byte[] img = base.clone();
        img[3 * CHUNK + 5000] ^= 0x7f;
        img[15 * CHUNK + 3] ^= 0x7f; // the short last chunk
        BitSet dirty = new BitSet();
        int gran = 4096;
        dirty.set((3 * CHUNK + 5000) / gran);
        dirty.set((15 * CHUNK + 3) / gran);
        TestSupport.ArraySource[] src = new TestSupport.ArraySource[1];
        BackupResult incr = backup(img, BackupMode.INCREMENTAL, new DirtyBitmap(first.snapshot(), gran, dirty), src);
        assertThat(src[0].offsets).containsExactlyInAnyOrder(3L * CHUNK, 15L * CHUNK);
        assertThat(incr.stats().chunksNew()).isEqualTo(2);
        assertThat(TestSupport.restore(ds, incr.snapshot(), "drive-scsi0", tmp)).isEqualTo(img);
    }

    @Test
    void bitmapOfAnotherSnapshotIsIgnored() throws Exception {
        BackupResult first = backup(base, BackupMode.FULL, null, null);
        backup(base, BackupMode.INCREMENTAL, null, null); // the parent is now the second snapshot
        byte[] img = changed();
        TestSupport.ArraySource[] src = new TestSupport.ArraySource[1];
        BackupResult incr = backup(img, BackupMode.INCREMENTAL,
                DirtyBitmap.ofChunks(first.snapshot(), CHUNK, new BitSet()), src);
        assertThat(src[0].bytesRead.get()).isEqualTo(img.length);
        assertThat(incr.manifest().images().get(0).dirtyBitmapUsed()).isFalse();
        assertThat(incr.stats().chunksNew()).isEqualTo(3);
        assertThat(TestSupport.restore(ds, incr.snapshot(), "drive-scsi0", tmp)).isEqualTo(img);
    }

    @Test
    void fullModeReadsEverythingAndIgnoresTheBitmap() throws Exception {
        BackupResult first = backup(base, BackupMode.FULL, null, null);
        TestSupport.ArraySource[] src = new TestSupport.ArraySource[1];
        BackupResult full = backup(base, BackupMode.FULL, DirtyBitmap.ofChunks(first.snapshot(), CHUNK, new BitSet()),
                src);
        assertThat(src[0].bytesRead.get()).isEqualTo(base.length);
        assertThat(full.mode()).isEqualTo(BackupMode.FULL);
        assertThat(full.manifest().chainBase()).isEqualTo(full.snapshot());
        assertThat(full.stats().chunksNew()).isZero();
        assertThat(full.stats().chunksReused()).isEqualTo(12);
    }

    @Test
    void plainFileSourceAndFileSourceWithBitmap() throws Exception {
        Path file = TestSupport.write(tmp, "disk.img", base);
        BackupResult first;
        try (FileImageSource s = FileImageSource.open("drive-scsi0", file)) {
            assertThat(s.dirtyBitmap()).isEmpty();
            assertThat(s.size()).isEqualTo(base.length);
            first = ds.backup(BackupRequest.builder(group).image(s).build());
        }
        byte[] img = changed();
        Files.write(file, img);
        BitSet dirty = new BitSet();
        dirty.set(1);
        dirty.set(5);
        dirty.set(9);
        dirty.set(13);
        clock.advance(Duration.ofHours(1));
        BackupResult incr;
        try (FileImageSource s = FileImageSource.open("drive-scsi0", file,
                DirtyBitmap.ofChunks(first.snapshot(), CHUNK, dirty))) {
            incr = ds.backup(BackupRequest.builder(group).image(s).build());
        }
        assertThat(incr.stats().bytesRead()).isEqualTo(4L * CHUNK);
        assertThat(incr.stats().chunksNew()).isEqualTo(3);
        assertThat(TestSupport.restore(ds, incr.snapshot(), "drive-scsi0", tmp)).isEqualTo(img);

        // a bitmap that lies (claims nothing changed) yields the parent's content: it is trusted by design
        Files.write(file, base);
        clock.advance(Duration.ofHours(1));
        BackupResult lie;
        try (FileImageSource s = FileImageSource.open("drive-scsi0", file,
                DirtyBitmap.ofChunks(incr.snapshot(), CHUNK, new BitSet()))) {
            lie = ds.backup(BackupRequest.builder(group).image(s).build());
        }
        assertThat(lie.stats().bytesRead()).isZero();
        assertThat(TestSupport.restore(ds, lie.snapshot(), "drive-scsi0", tmp)).isEqualTo(img);
    }

    @Test
    void dedupAcrossGroupsCountsAsReused() throws Exception {
        backup(base, BackupMode.FULL, null, null);
        BackupResult other = TestSupport.backup(ds, BackupGroup.vm("501"), BackupMode.INCREMENTAL,
                new TestSupport.ArraySource("disk", base, null));
        assertThat(other.mode()).isEqualTo(BackupMode.FULL);
        assertThat(other.stats().chunksNew()).isZero();
        assertThat(other.stats().chunksReused()).isEqualTo(12);
        assertThat(other.stats().bytesUploaded()).isZero();
    }

    @Test
    void repeatedContentWithinOneRunIsStoredOnce() throws Exception {
        byte[] block = TestSupport.random(1, CHUNK);
        byte[] img = new byte[10 * CHUNK];
        for (int i = 0; i < 10; i++) {
            System.arraycopy(block, 0, img, i * CHUNK, CHUNK);
        }
        BackupResult r = backup(img, BackupMode.FULL, null, null);
        assertThat(r.stats().chunksNew()).isEqualTo(1);
        assertThat(r.stats().chunksReused()).isEqualTo(9);
        assertThat(r.stats().bytesUploaded()).isEqualTo(CHUNK + 16);
        assertThat(TestSupport.chunkFiles(ds)).hasSize(1);
    }
}
