package io.ironcore.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The data of the backup benchmark (bench/backup.sh): a raw VM disk image and a copy of it in which a given share of
 * the 4 MiB blocks changed. Deterministic (fixed seeds), no dependencies, so bench/backup.sh runs it straight from
 * source: {@code java BackupBenchData.java DIR [SIZE_MIB] [CHANGED_PERCENT]} writes {@code DIR/base.img} and
 * {@code DIR/changed.img}.
 *
 * <p>The image is made of 4 MiB-aligned regions of 1 to 16 blocks, shuffled like a used disk: about 30 % zeros
 * (unallocated space), 40 % random bytes (compressed or encrypted guest data: incompressible) and 30 % text-like data
 * (log and source lines, every block different; zstd-1 shrinks it about threefold). In the changed copy, the chosen
 * blocks (any kind, zeros included: new data written into free space) each get 16 scattered 4 KiB pages of new random
 * bytes, the way a guest dirties a block.
 */
public final class BackupBenchData {
    static final int BLOCK = 4 * 1024 * 1024;
    static final int PAGE = 4096;
    static final int PAGES_CHANGED_PER_BLOCK = 16;
    static final char ZERO = 'z';
    static final char RANDOM = 'r';
    static final char TEXT = 't';

    private static final String[] LEVELS = {"INFO ", "INFO ", "INFO ", "DEBUG", "WARN ", "ERROR"};
    private static final String[] WORDS = ("backup restore verify chunk index manifest datastore snapshot namespace "
            + "kernel disk image block device volume prune garbage collector writer lease heartbeat compression "
            + "encryption digest request response session user account order invoice payment customer product "
            + "cache query table row column transaction commit rollback connection pool thread worker queue "
            + "message event topic partition offset consumer producer timeout retry failed completed started "
            + "the a of to in for on with from by at is was not and or").split(" ");
    private static final String[] CLASSES = {"io.ironcore.datastore.BackupRun", "org.postgresql.core.v3.QueryExecutor",
            "com.example.shop.OrderService", "org.apache.kafka.clients.NetworkClient", "nginx.access",
            "kernel: EXT4-fs", "systemd[1]", "sshd[2211]", "com.example.billing.InvoiceJob"};

    private BackupBenchData() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: BackupBenchData DIR [SIZE_MIB (default 2048)] [CHANGED_PERCENT (default 1)]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int sizeMiB = args.length > 1 ? Integer.parseInt(args[1]) : 2048;
        double changedPercent = args.length > 2 ? Double.parseDouble(args[2]) : 1.0;
        if (sizeMiB < 4 || sizeMiB % 4 != 0) {
            throw new IllegalArgumentException("SIZE_MIB must be a positive multiple of 4");
        }
        Files.createDirectories(dir);
        int blocks = sizeMiB / 4;
        char[] layout = layout(blocks, new SplittableRandom(20261126L));
        TreeSet<Integer> changed = chooseChanged(blocks, changedPercent, new SplittableRandom(1L));
        long t0 = System.nanoTime();
        write(dir.resolve("base.img"), dir.resolve("changed.img"), layout, changed);
        int[] counts = new int[3];
        StringBuilder changedKinds = new StringBuilder();
        for (char c : layout) {
            counts[c == ZERO ? 0 : c == RANDOM ? 1 : 2]++;
        }
        for (int b : changed) {
            changedKinds.append(changedKinds.length() == 0 ? "" : ",").append(b).append(':').append(kind(layout[b]));
        }
        System.out.printf(Locale.ROOT, "data: %d MiB, %d blocks of 4 MiB: %d zero (%.0f%%), %d random (%.0f%%), "
                        + "%d text-like (%.0f%%); changed copy: %d blocks (%.2f%%) with %d x 4 KiB new each [%s]; "
                        + "written in %.1f s%n", sizeMiB, blocks, counts[0], 100.0 * counts[0] / blocks, counts[1],
                100.0 * counts[1] / blocks, counts[2], 100.0 * counts[2] / blocks, changed.size(),
                100.0 * changed.size() / blocks, PAGES_CHANGED_PER_BLOCK, changedKinds,
                (System.nanoTime() - t0) / 1e9);
    }

    private static String kind(char c) {
        return c == ZERO ? "zero" : c == RANDOM ? "random" : "text";
    }

    /** Regions of 1..16 blocks, kinds drawn by the blocks each kind still needs (30/40/30). */
    static char[] layout(int blocks, SplittableRandom r) {
        int[] left = {(int) Math.round(blocks * 0.3), 0, 0};
        left[2] = (int) Math.round(blocks * 0.3);
        left[1] = blocks - left[0] - left[2];
        char[] kinds = {ZERO, RANDOM, TEXT};
        char[] out = new char[blocks];
        int i = 0;
        while (i < blocks) {
            int total = left[0] + left[1] + left[2];
            int pick = r.nextInt(total);
            int k = pick < left[0] ? 0 : pick < left[0] + left[1] ? 1 : 2;
            int run = Math.min(left[k], 1 + r.nextInt(16));
            Arrays.fill(out, i, i + run, kinds[k]);
            left[k] -= run;
            i += run;
        }
        return out;
    }

    static TreeSet<Integer> chooseChanged(int blocks, double percent, SplittableRandom r) {
        int n = Math.max(1, (int) Math.round(blocks * percent / 100));
        TreeSet<Integer> out = new TreeSet<>();
        while (out.size() < n) {
            out.add(r.nextInt(blocks));
        }
        return out;
    }

    private static void write(Path base, Path changed, char[] layout, TreeSet<Integer> changedBlocks)
            throws IOException {
        ByteBuffer block = ByteBuffer.allocateDirect(BLOCK).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer dirty = ByteBuffer.allocateDirect(BLOCK).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel a = open(base); FileChannel b = open(changed)) {
            for (int i = 0; i < layout.length; i++) {
                fill(block, layout[i], new SplittableRandom(1000L + i));
                writeFully(a, block);
                if (changedBlocks.contains(i)) {
                    dirty.clear();
                    block.clear();
                    dirty.put(block);
                    SplittableRandom r = new SplittableRandom(5000L + i);
                    for (int p = 0; p < PAGES_CHANGED_PER_BLOCK; p++) {
                        int page = r.nextInt(BLOCK / PAGE);
                        for (int off = page * PAGE; off < (page + 1) * PAGE; off += 8) {
                            dirty.putLong(off, r.nextLong());
                        }
                    }
                    writeFully(b, dirty);
                } else {
                    writeFully(b, block);
                }
            }
        }
    }

    private static FileChannel open(Path p) throws IOException {
        return FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        b.clear();
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static void fill(ByteBuffer b, char kind, SplittableRandom r) {
        b.clear();
        switch (kind) {
            case ZERO -> {
                while (b.remaining() >= 8) {
                    b.putLong(0L);
                }
            }
            case RANDOM -> {
                while (b.remaining() >= 8) {
                    b.putLong(r.nextLong());
                }
            }
            default -> {
                byte[] text = text(r, BLOCK);
                b.put(text);
            }
        }
        b.clear();
    }

    /** Log- and source-like lines: timestamps, levels, class names, words, numbers, ids. */
    static byte[] text(SplittableRandom r, int n) {
        StringBuilder sb = new StringBuilder(n + 256);
        long millis = 1_790_000_000_000L + r.nextLong(1_000_000_000L);
        List<String> line = new ArrayList<>();
        while (sb.length() < n) {
            millis += r.nextInt(5000);
            line.clear();
            int words = 4 + r.nextInt(14);
            for (int w = 0; w < words; w++) {
                // skewed towards the first words, like real text
                int idx = (int) (WORDS.length * Math.pow(r.nextDouble(), 2.2));
                line.add(WORDS[idx]);
            }
            sb.append(Instant.ofEpochMilli(millis)).append(' ').append(LEVELS[r.nextInt(LEVELS.length)])
                    .append(" [").append(CLASSES[r.nextInt(CLASSES.length)]).append("] ")
                    .append(String.join(" ", line));
            switch (r.nextInt(4)) {
                case 0 -> sb.append(" id=").append(Long.toHexString(r.nextLong()));
                case 1 -> sb.append(" took ").append(r.nextInt(2000)).append(" ms");
                case 2 -> sb.append(" bytes=").append(r.nextInt(1 << 30));
                default -> sb.append(" user=u").append(r.nextInt(5000));
            }
            sb.append('\n');
        }
        byte[] out = new byte[n];
        byte[] all = sb.toString().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(all, 0, out, 0, n);
        return out;
    }
}
