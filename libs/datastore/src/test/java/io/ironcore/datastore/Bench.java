package io.ironcore.datastore;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.Random;

/**
 * Manual throughput measurement (not a test, no main): call {@code Bench.run(dir, sizeMiB, fsyncPolicy)} from jshell
 * with the test class path. The image is 4 MiB-chunk-aligned regions: 30 % zeros, 40 % random, 30 % text-like.
 */
public final class Bench {
    private Bench() {
    }

    /** Only first backups, {@code repeat} times into fresh datastores (to see warm-JIT numbers). */
    public static String firstBackups(Path dir, int sizeMiB, FsyncPolicy sync, int repeat) throws IOException {
        Path img = dir.resolve("bench.img");
        makeImage(img, sizeMiB);
        try {
            return firstBackupsOf(img, dir, sync, repeat);
        } finally {
            Files.deleteIfExists(img);
        }
    }

    /** First backups of an existing image file. */
    public static String firstBackupsOf(Path img, Path dir, FsyncPolicy sync, int repeat) throws IOException {
        StringBuilder out = new StringBuilder();
        long size = Files.size(img);
        {
            for (int k = 0; k < repeat; k++) {
                Path store = dir.resolve("store-" + System.nanoTime());
                try (Datastore ds = Datastore.create(store, DatastoreOptions.builder().fsyncPolicy(sync).build());
                     FileImageSource s = FileImageSource.open("disk", img)) {
                    long c0 = cpuNanos();
                    long t0 = System.nanoTime();
                    BackupResult r = ds.backup(BackupRequest.builder(BackupGroup.vm("1")).image(s).build());
                    long t1 = System.nanoTime();
                    long c1 = cpuNanos();
                    out.append(line("first backup", size, t1 - t0))
                            .append(String.format(" cpu %.2f s ", (c1 - c0) / 1e9)).append(r.stats()).append('\n');
                } finally {
                    Fs.deleteRecursively(store);
                }
            }
        }
        return out.toString();
    }

    public static long makeImage(Path img, int sizeMiB) throws IOException {
        int chunk = 4 << 20;
        long size = (long) sizeMiB << 20;
        int chunks = (int) (size / chunk);
        Random r = new Random(42);
        try (OutputStream os = Files.newOutputStream(img)) {
            byte[] buf = new byte[chunk];
            for (int i = 0; i < chunks; i++) {
                int k = i % 10;
                if (k < 3) {
                    java.util.Arrays.fill(buf, (byte) 0);
                } else if (k < 7) {
                    r.nextBytes(buf);
                } else {
                    System.arraycopy(TestSupport.text(r.nextLong(), chunk), 0, buf, 0, chunk);
                }
                os.write(buf);
            }
        }
        return size;
    }

    public static String run(Path dir, int sizeMiB, FsyncPolicy sync) throws IOException {
        StringBuilder out = new StringBuilder();
        int chunk = 4 << 20;
        Path img = dir.resolve("bench.img");
        long size = (long) sizeMiB << 20;
        int chunks = (int) (size / chunk);
        makeImage(img, sizeMiB);
        DatastoreOptions opts = DatastoreOptions.builder().fsyncPolicy(sync).build();
        Path store = dir.resolve("store-" + System.nanoTime());
        try (Datastore ds = Datastore.create(store, opts)) {
            BackupGroup g = BackupGroup.vm("1");
            long t0 = System.nanoTime();
            BackupResult first;
            try (FileImageSource s = FileImageSource.open("disk", img)) {
                first = ds.backup(BackupRequest.builder(g).image(s).build());
            }
            long t1 = System.nanoTime();
            out.append(line("first backup", size, t1 - t0)).append(" ").append(first.stats()).append('\n');

            // 1 % of the chunks changed in place
            BitSet dirty = new BitSet();
            try (var ch = java.nio.channels.FileChannel.open(img, StandardOpenOption.WRITE)) {
                int step = 100;
                for (int i = 5; i < chunks; i += step) {
                    byte[] b = TestSupport.random(i, 4096);
                    ch.write(java.nio.ByteBuffer.wrap(b), (long) i * chunk + 100);
                    dirty.set(i);
                }
            }
            t0 = System.nanoTime();
            BackupResult second;
            try (FileImageSource s = FileImageSource.open("disk", img)) {
                second = ds.backup(BackupRequest.builder(g).image(s).build());
            }
            t1 = System.nanoTime();
            out.append(line("incremental 1% (no bitmap)", size, t1 - t0)).append(" ").append(second.stats())
                    .append('\n');
            t0 = System.nanoTime();
            BackupResult third;
            try (FileImageSource s = FileImageSource.open("disk", img,
                    DirtyBitmap.ofChunks(second.snapshot(), chunk, new BitSet()))) {
                third = ds.backup(BackupRequest.builder(g).image(s).build());
            }
            t1 = System.nanoTime();
            out.append(line("incremental 0% (bitmap)", size, t1 - t0)).append(" ").append(third.stats()).append('\n');

            t0 = System.nanoTime();
            BackupResult full;
            try (FileImageSource s = FileImageSource.open("disk", img)) {
                full = ds.backup(BackupRequest.builder(g).image(s).mode(BackupMode.FULL).build());
            }
            t1 = System.nanoTime();
            out.append(line("full re-verify", size, t1 - t0)).append(" ").append(full.stats()).append('\n');

            Path target = dir.resolve("restored.img");
            t0 = System.nanoTime();
            ds.restore(full.snapshot(), "disk", target);
            t1 = System.nanoTime();
            out.append(line("restore", size, t1 - t0)).append('\n');
            Files.delete(target);
            t0 = System.nanoTime();
            VerifyReport v = ds.verify(full.snapshot());
            t1 = System.nanoTime();
            out.append(line("verify", size, t1 - t0)).append(" ok=").append(v.ok()).append('\n');
        } finally {
            Fs.deleteRecursively(store);
            Files.deleteIfExists(img);
        }
        return out.toString();
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String line(String what, long bytes, long nanos) {
        double s = nanos / 1e9;
        return String.format("%-28s %7.2f s %8.1f MB/s", what, s, bytes / 1e6 / s);
    }
}
