package io.ironcore.cli;

import io.ironcore.datastore.BackupGroup;
import io.ironcore.datastore.BackupMode;
import io.ironcore.datastore.BackupRequest;
import io.ironcore.datastore.BackupResult;
import io.ironcore.datastore.BackupStats;
import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.DirtyBitmap;
import io.ironcore.datastore.FileImageSource;
import io.ironcore.datastore.ManifestImage;
import io.ironcore.datastore.ProgressListener;
import io.ironcore.datastore.SnapshotRef;
import io.ironcore.datastore.FsyncPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code ironcore-backup backup}: backs up a disk image into a datastore directory, offline, with the engine the
 * backup-worker runs ({@code io.ironcore.datastore}), in this process.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Back up a disk image into a datastore directory, offline (no services needed): the image "
                + "becomes a snapshot of backup group vm/<ID>. Creates the datastore if the directory is missing or "
                + "empty.")
public class BackupCommand implements Callable<Integer> {
    static final int BITMAP_GRANULARITY = 64 * 1024;
    @Spec
    CommandSpec spec;
    @Option(names = "--datastore", required = true, paramLabel = "DIR", description = "datastore directory")
    String datastore;
    @Option(names = "--id", required = true, paramLabel = "ID", description = "VM id: backup group vm/<ID>")
    String id;
    @Option(names = "--image", required = true, paramLabel = "PATH", description = "disk image file (raw)")
    String image;
    @Option(names = "--image-name", defaultValue = "drive-scsi0", paramLabel = "NAME",
            description = "image name in the snapshot (default ${DEFAULT-VALUE})")
    String imageName;
    @Option(names = "--namespace", defaultValue = "", paramLabel = "NS",
            description = "namespace, e.g. prod/eu (default: the root namespace)")
    String namespace;
    @Option(names = "--mode", defaultValue = "incremental", paramLabel = "MODE",
            description = "incremental (compare with the previous snapshot, upload changes) or full (re-read and "
                    + "re-verify everything); default ${DEFAULT-VALUE}")
    String mode;
    @Option(names = "--no-fsync", description = "do not fsync anything (benchmarks and throwaway datastores only; "
            + "a power loss can lose data the snapshot references)")
    boolean noFsync;
    @Mixin
    Options.OutputFormat output;
    @Option(names = "--dirty-ranges", paramLabel = "FILE",
            description = "the byte ranges of the image written since --dirty-since, one 'OFFSET LENGTH' per line "
                    + "(# starts a comment; - reads standard input): a dirty bitmap, like the ones QEMU keeps for "
                    + "Proxmox Backup Server. Only the chunks they touch are read, if --dirty-since is the snapshot "
                    + "this backup compares with (else everything is read). They must cover every change.")
    String dirtyRanges;
    @Option(names = "--dirty-since", paramLabel = "SNAPSHOT",
            description = "with --dirty-ranges: the snapshot the ranges are relative to, e.g. vm/12345/2026-11-26T02:00:00Z")
    String dirtySince;

    @Override
    public Integer call() {
        output.check();
        BackupMode backupMode = switch (mode) {
            case "incremental" -> BackupMode.INCREMENTAL;
            case "full" -> BackupMode.FULL;
            default -> throw new CliException(ExitCodes.USAGE, "--mode must be incremental or full, not '" + mode
                    + "'");
        };
        OfflineDatastore.quietEngineLog();
        Path dir = OfflineDatastore.path("--datastore", datastore);
        Path imagePath = OfflineDatastore.path("--image", image);
        BackupGroup group = OfflineDatastore.vmGroup(namespace, id);
        if (!Files.exists(imagePath)) {
            throw new CliException(ExitCodes.NOT_FOUND, "--image: no such file: " + imagePath);
        }
        if (!Files.isRegularFile(imagePath)) {
            throw new CliException(ExitCodes.INVALID, "--image: not a regular file: " + imagePath);
        }
        if (!Files.isReadable(imagePath)) {
            throw new CliException(ExitCodes.FAILED, "--image: not readable: " + imagePath);
        }
        if ((dirtyRanges == null) != (dirtySince == null)) {
            throw new CliException(ExitCodes.USAGE, "--dirty-ranges and --dirty-since go together");
        }
        SnapshotRef since = dirtySince == null ? null : OfflineDatastore.snapshot("--dirty-since", dirtySince);
        List<long[]> ranges = dirtyRanges == null ? null : readRanges(imagePath);
        FileImageSource source;
        try {
            source = ranges == null ? FileImageSource.open(imageName, imagePath)
                    : FileImageSource.open(imageName, imagePath, bitmap(since, ranges));
        } catch (IOException | RuntimeException e) {
            throw OfflineDatastore.failure("--image " + imagePath, e);
        }
        try (source) {
            Datastore ds = OfflineDatastore.openOrCreate(dir, noFsync ? FsyncPolicy.NONE : FsyncPolicy.SAFE);
            try {
                BackupRequest request = BackupRequest.builder(group).image(source).mode(backupMode)
                        .runId("cli-" + UUID.randomUUID()).progress(progress()).build();
                long t0 = System.nanoTime();
                BackupResult result = ds.backup(request);
                long nanos = System.nanoTime() - t0;
                clearProgress();
                print(dir, result, nanos);
                return ExitCodes.OK;
            } finally {
                OfflineDatastore.close(ds);
            }
        } catch (IOException | RuntimeException e) {
            clearProgress();
            throw OfflineDatastore.failure("backup of " + imagePath + " into " + dir, e);
        }
    }

    /** The ranges of --dirty-ranges, checked against the image's size. */
    private List<long[]> readRanges(Path imagePath) {
        long size;
        List<String> lines;
        try {
            size = Files.size(imagePath);
            lines = dirtyRanges.equals("-")
                    ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).lines().toList()
                    : Files.readAllLines(OfflineDatastore.path("--dirty-ranges", dirtyRanges), StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            throw OfflineDatastore.failure("--dirty-ranges " + dirtyRanges, e);
        }
        List<long[]> ranges = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String[] f = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
            if (f.length == 1 && f[0].isEmpty()) {
                continue;
            }
            String where = "--dirty-ranges line " + (i + 1) + ": ";
            long off;
            long len;
            try {
                if (f.length != 2) {
                    throw new NumberFormatException();
                }
                off = Long.parseLong(f[0]);
                len = Long.parseLong(f[1]);
            } catch (NumberFormatException e) {
                throw new CliException(ExitCodes.INVALID, where + "expected 'OFFSET LENGTH' in bytes, got '"
                        + line.trim() + "'");
            }
            if (off < 0 || len < 0) {
                throw new CliException(ExitCodes.INVALID, where + "offset and length must not be negative");
            }
            if (len > size || off > size - len) {
                throw new CliException(ExitCodes.INVALID, where + "the range " + off + "+" + len
                        + " ends after the image (" + size + " bytes)");
            }
            if (len > 0) {
                ranges.add(new long[] {off, len});
            }
        }
        return ranges;
    }

    /** The 64 KiB blocks the ranges touch (QEMU's default granularity; 4 MiB of bitmap per TiB of image). */
    private static DirtyBitmap bitmap(SnapshotRef since, List<long[]> ranges) {
        BitSet dirty = new BitSet();
        for (long[] r : ranges) {
            long first = r[0] / BITMAP_GRANULARITY;
            long last = (r[0] + r[1] - 1) / BITMAP_GRANULARITY;
            dirty.set((int) first, (int) last + 1);
        }
        return new DirtyBitmap(since, BITMAP_GRANULARITY, dirty);
    }

    private boolean bitmapUsed(BackupResult result) {
        return result.manifest().image(imageName).map(ManifestImage::dirtyBitmapUsed).orElse(false);
    }

    private boolean interactive() {
        return output.value.equals("text") && System.console() != null;
    }

    /** Progress on the terminal only (never when output is redirected or JSON). */
    private ProgressListener progress() {
        if (!interactive()) {
            return ProgressListener.NONE;
        }
        PrintWriter err = spec.commandLine().getErr();
        return (done, total) -> {
            err.printf(Locale.ROOT, "\r%5.1f%%  %,d of %,d bytes", total == 0 ? 100.0 : done * 100.0 / total, done,
                    total);
            err.flush();
        };
    }

    private void clearProgress() {
        if (interactive()) {
            PrintWriter err = spec.commandLine().getErr();
            err.print("\r\033[K");
            err.flush();
        }
    }

    private void print(Path dir, BackupResult result, long nanos) {
        BackupStats s = result.stats();
        double seconds = OfflineDatastore.seconds(nanos);
        double mbps = OfflineDatastore.mbPerSecond(s.bytesTotal(), nanos / 1e9);
        PrintWriter out = spec.commandLine().getOut();
        String actualMode = result.mode().name().toLowerCase(Locale.ROOT);
        String parent = result.manifest().parent() == null ? null : result.manifest().parent().toString();
        if (output.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("snapshot", result.snapshot().toString());
            m.put("datastore", dir.toAbsolutePath().normalize().toString());
            m.put("image", imageName);
            m.put("mode", actualMode);
            m.put("requestedMode", mode);
            m.put("parent", parent);
            m.put("alreadyCompleted", result.alreadyCompleted());
            m.put("fsync", !noFsync);
            m.put("bytesTotal", s.bytesTotal());
            m.put("bytesRead", s.bytesRead());
            m.put("bytesChanged", s.bytesChanged());
            m.put("bytesUploaded", s.bytesUploaded());
            m.put("chunksTotal", s.chunksTotal());
            m.put("chunksNew", s.chunksNew());
            m.put("chunksReused", s.chunksReused());
            m.put("chunksZero", s.chunksZero());
            m.put("chunksRepaired", s.chunksRepaired());
            m.put("dirtyBitmapUsed", bitmapUsed(result));
            m.put("seconds", seconds);
            m.put("mbPerSecond", mbps);
            OfflineDatastore.printJson(out, m);
            return;
        }
        Table t = new Table("FIELD", "VALUE");
        t.row("snapshot", result.snapshot());
        t.row("mode", actualMode + (actualMode.equals(mode) ? "" : " (requested " + mode + ")")
                + (parent == null ? "" : ", parent " + parent));
        t.row("image", imageName + ", " + OfflineDatastore.bytes(s.bytesTotal()));
        t.row("read", OfflineDatastore.bytes(s.bytesRead()));
        t.row("changed", OfflineDatastore.bytes(s.bytesChanged()));
        t.row("uploaded", OfflineDatastore.bytes(s.bytesUploaded()));
        t.row("chunks", String.format(Locale.ROOT, "%d total: %d new, %d reused, %d zero, %d repaired",
                s.chunksTotal(), s.chunksNew(), s.chunksReused(), s.chunksZero(), s.chunksRepaired()));
        t.row("time", String.format(Locale.ROOT, "%.3f s, %.1f MB/s%s", seconds, mbps, noFsync ? " (no fsync)" : ""));
        if (dirtyRanges != null) {
            t.row("dirty bitmap", bitmapUsed(result) ? "used: only the chunks it marks were read"
                    : "not used: " + dirtySince + " is not the snapshot this backup compared with; read everything");
        }
        if (result.alreadyCompleted()) {
            t.row("note", "this run had completed before; nothing was written");
        }
        t.print(out);
    }
}
