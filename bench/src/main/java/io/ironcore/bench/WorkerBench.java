package io.ironcore.bench;

import io.ironcore.datastore.BackupGroup;
import io.ironcore.datastore.BackupMode;
import io.ironcore.datastore.BackupRequest;
import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.DatastoreOptions;
import io.ironcore.datastore.FileImageSource;
import io.ironcore.local.infra.Scratch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The backup-worker's case of the backup benchmark: first backups of the benchmark image run one after another in one
 * long-running JVM (the worker's JVM settings: serial collector, 384 MiB heap), the way a backup-worker runs the
 * jobs it is given, against borg's first backup of the same image in the same rounds, and the bare IO (dd: the image
 * read and as many bytes written as the engine writes, 4 reads and 2 writes in flight). The page cache is dropped
 * before every timed run (root). Round 1 is the worker's first backup after its start (the JIT still compiling);
 * the medians are of the rounds after it.
 *
 * <pre>bench/run.sh worker [--size-mib N] [--repeat N]</pre>
 */
public final class WorkerBench {
    private WorkerBench() {
    }

    public static void main(String[] args) throws Exception {
        int sizeMib = 2048;
        int repeat = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size-mib" -> sizeMib = Integer.parseInt(args[++i]);
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: bench/run.sh worker [--size-mib N] [--repeat N]");
                    System.exit(2);
                }
            }
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root) {
            System.err.println("warning: not root: the page cache is not dropped, every run reads from memory");
        }
        Path scratch = Scratch.directory("ironcore-worker-bench-", 4L * sizeMib << 20);
        try {
            run(scratch, sizeMib, repeat, root);
        } finally {
            Scratch.delete(scratch);
        }
    }

    private static void run(Path scratch, int sizeMib, int repeat, boolean root) throws Exception {
        Path data = Files.createDirectories(scratch.resolve("data"));
        BackupBenchData.main(new String[] {data.toString(), Integer.toString(sizeMib), "1"});
        Path image = data.resolve("base.img");
        Path ds = scratch.resolve("ds");
        Path borgRepo = scratch.resolve("borg");
        Path floor = scratch.resolve("floor");
        Map<String, String> borgEnv = Map.of("BORG_BASE_DIR", scratch.resolve("borg-home").toString(),
                "BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK", "yes", "BORG_RELOCATED_REPO_ACCESS_IS_OK", "yes");
        long writtenBytes = 0;
        Map<String, List<Double>> warm = new LinkedHashMap<>();
        Map<String, Double> first = new LinkedHashMap<>();
        String[] tools = {"worker", "borg", "io"};
        for (int round = 1; round <= repeat + 1; round++) {
            for (int t = 0; t < tools.length; t++) {
                String tool = tools[(t + round - 1) % tools.length];
                if (tool.equals("io") && writtenBytes == 0) {
                    continue; // the bare IO writes what the engine wrote: after the engine's first run
                }
                double seconds;
                switch (tool) {
                    case "worker" -> {
                        Scratch.delete(ds);
                        try (Datastore store = Datastore.openOrCreate(ds, DatastoreOptions.defaults());
                             FileImageSource source = FileImageSource.open("drive-scsi0.img", image)) {
                            dropCaches(root);
                            long t0 = System.nanoTime();
                            store.backup(BackupRequest.builder(BackupGroup.vm("12345")).image(source)
                                    .mode(BackupMode.INCREMENTAL).runId("bench-" + UUID.randomUUID()).build());
                            seconds = (System.nanoTime() - t0) / 1e9;
                        }
                        writtenBytes = treeBytes(ds);
                    }
                    case "borg" -> {
                        Scratch.delete(borgRepo);
                        exec(borgEnv, data, "borg", "init", "--encryption=none", borgRepo.toString());
                        dropCaches(root);
                        long t0 = System.nanoTime();
                        exec(borgEnv, data, "borg", "create", "--chunker-params", "fixed,4194304",
                                borgRepo + "::first", "base.img");
                        seconds = (System.nanoTime() - t0) / 1e9;
                    }
                    default -> {
                        long blocks = (sizeMib + 3) / 4 / 4 + 1;
                        long half = (writtenBytes + 4194303) / 4194304 / 2 + 1;
                        dropCaches(root);
                        long t0 = System.nanoTime();
                        exec(Map.of(), data, "bash", "-c", "for i in 0 1 2 3; do dd if=base.img of=/dev/null bs=4M"
                                + " iflag=direct skip=$((i * " + blocks + ")) count=" + blocks + " 2>/dev/null & done;"
                                + " for i in 0 1; do dd if=/dev/zero of='" + floor + "'.$i bs=4M count=" + half
                                + " oflag=direct conv=fsync 2>/dev/null & done; wait");
                        seconds = (System.nanoTime() - t0) / 1e9;
                        Files.deleteIfExists(Path.of(floor + ".0"));
                        Files.deleteIfExists(Path.of(floor + ".1"));
                    }
                }
                System.err.printf(Locale.ROOT, "round %d %-6s %.3f s%n", round, tool, seconds);
                if (round == 1) {
                    first.put(tool, seconds);
                } else {
                    warm.computeIfAbsent(tool, k -> new ArrayList<>()).add(seconds);
                }
            }
        }
        Scratch.delete(ds);
        Scratch.delete(borgRepo);
        double mb = sizeMib * 1048576.0 / 1e6;
        double borg = median(warm.get("borg"));
        double worker = median(warm.get("worker"));
        double io = median(warm.get("io"));
        System.out.printf(Locale.ROOT, "first backups of a %d MiB image, page cache dropped before each; medians of %d"
                + " rounds after the first%n", sizeMib, repeat);
        System.out.printf(Locale.ROOT, "| | first backup | MB/s | vs borg |%n|---|---|---|---|%n");
        System.out.printf(Locale.ROOT, "| borg (lz4, no encryption), a process per backup | %.2f s | %.0f | 1.00× |%n",
                borg, mb / borg);
        System.out.printf(Locale.ROOT, "| **ironcore backup-worker engine, a long-running JVM** | %.2f s | %.0f |"
                + " **%.2f×** |%n", worker, mb / worker, borg / worker);
        System.out.printf(Locale.ROOT, "| the IO alone (dd: 4 reads, 2 writes in flight; %.0f MiB written) | %.2f s |"
                + " %.0f | %.2f× |%n", writtenBytes / 1048576.0, io, mb / io, borg / io);
        System.out.printf(Locale.ROOT, "round 1 (the worker's first backup after its start): worker %.2f s, borg %.2f s"
                + " (%.2f×)%n", first.get("worker"), first.get("borg"), first.get("borg") / first.get("worker"));
        System.out.printf(Locale.ROOT, "goal, first backup >= 1.5x borg's throughput: %s (%.2f×)%n",
                borg / worker >= 1.5 ? "MET" : "MISSED", borg / worker);
        System.out.printf(Locale.ROOT, "load average after: %s%n",
                Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim());
    }

    private static double median(List<Double> v) {
        return new Stats(v.stream().mapToDouble(Double::doubleValue).toArray()).median();
    }

    private static void dropCaches(boolean root) throws Exception {
        exec(Map.of(), Path.of("/"), "sync");
        if (root) {
            Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3");
        }
    }

    private static void exec(Map<String, String> env, Path dir, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    private static long treeBytes(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

}
