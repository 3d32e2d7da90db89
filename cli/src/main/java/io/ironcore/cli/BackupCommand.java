package io.ironcore.cli;

import io.ironcore.datastore.BackupGroup;
import io.ironcore.datastore.BackupMode;
import io.ironcore.datastore.BackupRequest;
import io.ironcore.datastore.BackupResult;
import io.ironcore.datastore.BackupStats;
import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.FileImageSource;
import io.ironcore.datastore.ProgressListener;
import io.ironcore.datastore.SyncPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
    @Option(names = "--output", defaultValue = "text", description = "text or json")
    String output;

    @Override
    public Integer call() {
        OfflineDatastore.checkOutput(output);
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
        FileImageSource source;
        try {
            source = FileImageSource.open(imageName, imagePath);
        } catch (IOException | RuntimeException e) {
            throw OfflineDatastore.failure("--image " + imagePath, e);
        }
        try (source) {
            Datastore ds = OfflineDatastore.openOrCreate(dir, noFsync ? SyncPolicy.NONE : SyncPolicy.SAFE);
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

    private boolean interactive() {
        return output.equals("text") && System.console() != null;
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
        if (output.equals("json")) {
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
        if (result.alreadyCompleted()) {
            t.row("note", "this run had completed before; nothing was written");
        }
        t.print(out);
    }
}
