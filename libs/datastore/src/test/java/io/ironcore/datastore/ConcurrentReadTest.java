package io.ironcore.datastore;

import static io.ironcore.datastore.TestSupport.CHUNK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sources that allow concurrent reads are read by {@link BackupRun#READERS} threads at once. */
class ConcurrentReadTest {
    @TempDir
    Path tmp;

    private final TestSupport.MutableClock clock = new TestSupport.MutableClock(Instant.parse("2026-11-20T02:00:00Z"));

    /** An array source that may be read from several threads and records which threads read it. */
    static class ConcurrentSource extends TestSupport.ArraySource {
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        /** If not null: opens once {@link BackupRun#READERS} different threads are inside read() at the same time. */
        final CountDownLatch overlap;
        volatile long failAt = -1;

        ConcurrentSource(String name, byte[] data, DirtyBitmap bitmap) {
            this(name, data, bitmap, false);
        }

        ConcurrentSource(String name, byte[] data, DirtyBitmap bitmap, boolean requireOverlap) {
            super(name, data, bitmap);
            this.overlap = requireOverlap ? new CountDownLatch(BackupRun.READERS) : null;
        }

        @Override
        public boolean concurrentReads() {
            return true;
        }

        @Override
        void beforeRead(long position) throws IOException {
            if (position == failAt) {
                throw new IOException("read error at " + position);
            }
            if (threads.add(Thread.currentThread().getName()) && overlap != null) {
                // each reader's first read waits for the others: proves they read at the same time
                overlap.countDown();
                try {
                    if (!overlap.await(30, TimeUnit.SECONDS)) {
                        throw new IOException("only " + threads + " read this source");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
        }
    }

    private Datastore store() throws IOException {
        return Datastore.create(tmp.resolve("ds"), TestSupport.fastOptions().clock(clock).build());
    }

    @Test
    void severalImagesAreReadByTwoThreadsAndRestoreByteIdentical() throws Exception {
        byte[] a = TestSupport.mixed(1, 17 * CHUNK + 5);
        byte[] b = TestSupport.mixed(2, 3 * CHUNK);
        byte[] c = new byte[0];
        byte[] d = TestSupport.random(3, CHUNK / 2);
        ConcurrentSource sa = new ConcurrentSource("drive-scsi0", a, null, true);
        try (Datastore ds = store()) {
            BackupResult r = TestSupport.backup(ds, BackupGroup.vm("1"), BackupMode.FULL, sa,
                    new ConcurrentSource("drive-scsi1", b, null), new ConcurrentSource("empty", c, null),
                    new ConcurrentSource("efi", d, null));
            assertThat(sa.threads).hasSize(BackupRun.READERS);
            assertThat(r.stats().bytesRead()).isEqualTo(a.length + b.length + d.length);
            assertThat(r.stats().chunksTotal()).isEqualTo(18 + 3 + 0 + 1);
            assertThat(TestSupport.restore(ds, r.snapshot(), "drive-scsi0", tmp)).isEqualTo(a);
            assertThat(TestSupport.restore(ds, r.snapshot(), "drive-scsi1", tmp)).isEqualTo(b);
            assertThat(TestSupport.restore(ds, r.snapshot(), "empty", tmp)).isEqualTo(c);
            assertThat(TestSupport.restore(ds, r.snapshot(), "efi", tmp)).isEqualTo(d);
            // the same images read by one thread give the same indexes, chunk for chunk
            clock.advance(Duration.ofHours(1));
            BackupResult single = TestSupport.backup(ds, BackupGroup.vm("2"), BackupMode.FULL,
                    new TestSupport.ArraySource("drive-scsi0", a, null), new TestSupport.ArraySource("drive-scsi1", b,
                            null), new TestSupport.ArraySource("empty", c, null),
                    new TestSupport.ArraySource("efi", d, null));
            for (ManifestImage mi : r.manifest().images()) {
                assertThat(mi.indexSha256()).isEqualTo(single.manifest().image(mi.name()).orElseThrow().indexSha256());
            }
        }
    }

    @Test
    void aDirtyBitmapStillSkipsCleanChunks() throws Exception {
        byte[] img = TestSupport.mixed(4, 12 * CHUNK);
        try (Datastore ds = store()) {
            BackupResult first = TestSupport.backup(ds, BackupGroup.vm("1"), BackupMode.FULL,
                    new ConcurrentSource("d", img, null));
            clock.advance(Duration.ofHours(1));
            byte[] changed = img.clone();
            changed[5 * CHUNK + 7] ^= 1;
            changed[9 * CHUNK] ^= 1;
            BitSet dirty = new BitSet();
            dirty.set(5);
            dirty.set(9);
            dirty.set(10);
            ConcurrentSource src = new ConcurrentSource("d", changed,
                    DirtyBitmap.ofChunks(first.snapshot(), CHUNK, dirty));
            BackupResult second = TestSupport.backup(ds, BackupGroup.vm("1"), BackupMode.INCREMENTAL, src);
            assertThat(second.manifest().images().get(0).dirtyBitmapUsed()).isTrue();
            assertThat(src.offsets).containsExactlyInAnyOrder(5L * CHUNK, 9L * CHUNK, 10L * CHUNK);
            assertThat(second.stats().bytesRead()).isEqualTo(3L * CHUNK);
            assertThat(second.stats().bytesChanged()).isEqualTo(2L * CHUNK);
            assertThat(TestSupport.restore(ds, second.snapshot(), "d", tmp)).isEqualTo(changed);
        }
    }

    @Test
    void aReadErrorInAnyReaderFailsTheBackupAndLeavesNoSnapshot() throws Exception {
        byte[] img = TestSupport.random(5, 20 * CHUNK);
        BackupGroup g = BackupGroup.vm("1");
        try (Datastore ds = store()) {
            for (long at : new long[]{0, CHUNK, 11L * CHUNK, 19L * CHUNK}) {
                ConcurrentSource src = new ConcurrentSource("d", img, null);
                src.failAt = at;
                assertThatThrownBy(() -> ds.backup(BackupRequest.builder(g).image(src).build()))
                        .isInstanceOf(IOException.class).hasMessage("read error at " + at);
                assertThat(ds.listSnapshots(g)).isEmpty();
                assertThat(Datastore.subdirs(g.resolve(ds.root()))).isEmpty();
                clock.advance(Duration.ofSeconds(5));
            }
            // nothing is left locked: the next backup works
            BackupResult ok = TestSupport.backup(ds, g, BackupMode.INCREMENTAL, new ConcurrentSource("d", img, null));
            assertThat(TestSupport.restore(ds, ok.snapshot(), "d", tmp)).isEqualTo(img);
        }
    }

    @Test
    void oneSourceWithoutConcurrentReadsKeepsASingleReader() throws Exception {
        byte[] a = TestSupport.random(6, 8 * CHUNK);
        byte[] b = TestSupport.random(7, 8 * CHUNK);
        Set<String> readers = ConcurrentHashMap.newKeySet();
        TestSupport.ArraySource plain = new TestSupport.ArraySource("b", b, null) {
            @Override
            void beforeRead(long position) {
                readers.add(Thread.currentThread().getName());
            }
        };
        TestSupport.ArraySource concurrent = new TestSupport.ArraySource("a", a, null) {
            @Override
            public boolean concurrentReads() {
                return true;
            }

            @Override
            void beforeRead(long position) {
                readers.add(Thread.currentThread().getName());
            }
        };
        try (Datastore ds = store()) {
            BackupResult r = TestSupport.backup(ds, BackupGroup.vm("1"), BackupMode.FULL, concurrent, plain);
            assertThat(readers).containsExactly(Thread.currentThread().getName());
            assertThat(TestSupport.restore(ds, r.snapshot(), "a", tmp)).isEqualTo(a);
            assertThat(TestSupport.restore(ds, r.snapshot(), "b", tmp)).isEqualTo(b);
        }
    }
}
