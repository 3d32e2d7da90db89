package io.ironcore.datastore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** Shared helpers for the datastore tests: deterministic data, a settable clock, counting sources. */
final class TestSupport {
    static final int CHUNK = 64 * 1024;

    private TestSupport() {
    }

    /** A clock tests move explicitly. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        void set(Instant t) {
            now = t;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static DatastoreOptions.Builder fastOptions() {
        return DatastoreOptions.builder().chunkSize(CHUNK).fsyncPolicy(FsyncPolicy.NONE).workerThreads(2);
    }

    static Datastore create(Path dir) throws IOException {
        return Datastore.create(dir, fastOptions().build());
    }

    static byte[] random(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static final String[] WORDS = ("the quick brown fox jumps over lazy dog backup chunk index manifest "
            + "datastore snapshot namespace kernel disk image block device volume restore verify prune garbage "
            + "collector writer lease heartbeat compression encryption zstd sha256 digest").split(" ");

    static byte[] text(long seed, int n) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(n + 32);
        while (sb.length() < n) {
            sb.append(WORDS[r.nextInt(WORDS.length)]);
            sb.append(r.nextInt(10) == 0 ? ".\n" : " ");
        }
        return sb.substring(0, n).getBytes(StandardCharsets.US_ASCII);
    }

    /** An image of {@code n} bytes: zero, random and text regions in chunk-sized stripes (pattern by chunk index). */
    static byte[] mixed(long seed, int n) {
        byte[] img = new byte[n];
        Random r = new Random(seed);
        for (int off = 0, i = 0; off < n; off += CHUNK, i++) {
            int len = Math.min(CHUNK, n - off);
            switch (i % 3) {
                case 0 -> { } // zeros
                case 1 -> {
                    byte[] b = new byte[len];
                    r.nextBytes(b);
                    System.arraycopy(b, 0, img, off, len);
                }
                default -> System.arraycopy(text(r.nextLong(), len), 0, img, off, len);
            }
        }
        return img;
    }

    static Path write(Path dir, String name, byte[] data) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, data);
        return p;
    }

    static BackupResult backup(Datastore ds, BackupGroup g, BackupMode mode, ImageSource... sources)
            throws IOException {
        BackupRequest.Builder b = BackupRequest.builder(g).mode(mode);
        for (ImageSource s : sources) {
            b.image(s);
        }
        try {
            return ds.backup(b.build());
        } finally {
            for (ImageSource s : sources) {
                s.close();
            }
        }
    }

    static BackupResult backupFile(Datastore ds, BackupGroup g, BackupMode mode, String image, Path file)
            throws IOException {
        return backup(ds, g, mode, FileImageSource.open(image, file));
    }

    static byte[] restore(Datastore ds, SnapshotRef ref, String image, Path dir) throws IOException {
        Path target = dir.resolve("restore-" + System.nanoTime() + ".img");
        ds.restore(ref, image, target);
        byte[] out = Files.readAllBytes(target);
        Files.delete(target);
        return out;
    }

    static List<Path> chunkFiles(Datastore ds) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(ds.root().resolve(ChunkStore.DIR))) {
            s.filter(Files::isRegularFile).filter(p -> Digest.isHex(p.getFileName().toString())).forEach(out::add);
        }
        Collections.sort(out);
        return out;
    }

    static Path chunkPath(Datastore ds, SnapshotRef ref, String image, int chunkNo) throws IOException {
        Manifest m = ds.readManifest(ref);
        FixedIndex idx = ds.readIndex(ref, m.image(image).orElseThrow());
        return ds.chunks().path(idx.digest(chunkNo));
    }

    static void flipByte(Path file, long offset) throws IOException {
        byte[] b = Files.readAllBytes(file);
        b[(int) offset] ^= 0x5a;
        Files.write(file, b);
    }

    /** A source over a byte array that counts reads and can block or fail after some chunks. */
    static class ArraySource implements ImageSource {
        final String name;
        final byte[] data;
        final DirtyBitmap bitmap;
        final AtomicLong reads = new AtomicLong();
        final AtomicLong bytesRead = new AtomicLong();
        final List<Long> offsets = Collections.synchronizedList(new ArrayList<>());

        ArraySource(String name, byte[] data, DirtyBitmap bitmap) {
            this.name = name;
            this.data = data;
            this.bitmap = bitmap;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long size() {
            return data.length;
        }

        @Override
        public int read(long position, ByteBuffer dst) throws IOException {
            beforeRead(position);
            if (position >= data.length) {
                return -1;
            }
            int n = (int) Math.min(dst.remaining(), data.length - position);
            dst.put(data, (int) position, n);
            reads.incrementAndGet();
            bytesRead.addAndGet(n);
            offsets.add(position);
            return n;
        }

        void beforeRead(long position) throws IOException {
        }

        @Override
        public Optional<DirtyBitmap> dirtyBitmap() {
            return Optional.ofNullable(bitmap);
        }
    }
}
