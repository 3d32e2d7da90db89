package io.ironcore.cli;

import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.ManifestImage;
import io.ironcore.datastore.SnapshotNotFoundException;
import io.ironcore.datastore.SnapshotRef;
import io.ironcore.datastore.FsyncPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code ironcore-backup restore}: restores one image of a snapshot byte for byte. The offline path reads a datastore
 * directory with the engine the backup-worker uses; every chunk is verified on the way.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore one disk image of a snapshot, byte for byte, verifying every chunk. Offline: "
                + "--datastore DIR reads the datastore directory in this process (no services needed).")
public class RestoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--snapshot", required = true, paramLabel = "ID",
            description = "snapshot id, e.g. vm/12345/2026-11-26T02:00:00Z or ns/prod/vm/12345/2026-11-26T02:00:00Z")
    String snapshot;
    @Option(names = "--target", required = true, paramLabel = "PATH", description = "file to restore the image to")
    String target;
    @Option(names = "--datastore", paramLabel = "DIR", description = "datastore directory (offline restore)")
    String datastore;
    @Option(names = "--image", defaultValue = "drive-scsi0", paramLabel = "NAME",
            description = "image of the snapshot (default ${DEFAULT-VALUE})")
    String image;
    @Option(names = "--force", description = "overwrite an existing target")
    boolean force;
    @Mixin
    Options.OutputFormat output;

    @Override
    public Integer call() {
        output.check();
        SnapshotRef ref = OfflineDatastore.snapshot(snapshot);
        Path targetPath = OfflineDatastore.path("--target", target);
        checkTarget(targetPath);
        if (datastore == null) {
            throw new CliException(ExitCodes.USAGE, "restore needs --datastore DIR");
        }
        return offline(OfflineDatastore.path("--datastore", datastore), ref, targetPath);
    }

    /** Refuses a target that exists (unless --force), is a directory, or whose directory does not exist. */
    private void checkTarget(Path targetPath) {
        if (Files.isDirectory(targetPath)) {
            throw new CliException(ExitCodes.INVALID, "--target is a directory: " + targetPath);
        }
        if (Files.exists(targetPath, LinkOption.NOFOLLOW_LINKS) && !force) {
            throw new CliException(ExitCodes.CONFLICT, "--target exists: " + targetPath
                    + " (give --force to overwrite it)");
        }
        Path parent = targetPath.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new CliException(ExitCodes.INVALID, "--target: directory " + parent + " does not exist");
        }
    }

    private int offline(Path dir, SnapshotRef ref, Path targetPath) {
        OfflineDatastore.quietEngineLog();
        Datastore ds = OfflineDatastore.open(dir, FsyncPolicy.SAFE);
        try {
            ManifestImage mi = ds.readManifest(ref).image(image).orElseThrow(
                    () -> new SnapshotNotFoundException("snapshot " + ref + " has no image " + image));
            long t0 = System.nanoTime();
            restoreInto(ds, ref, targetPath);
            long nanos = System.nanoTime() - t0;
            print(ref, targetPath, mi.size(), nanos);
            return ExitCodes.OK;
        } catch (IOException | RuntimeException e) {
            throw OfflineDatastore.failure("restore of " + ref + " from " + dir, e);
        } finally {
            OfflineDatastore.close(ds);
        }
    }

    /**
     * A regular-file target is restored into a temp file beside it and renamed over it at the end, so a failed restore
     * leaves an existing target as it was and never a half-written image under the target's name. Other targets
     * (block devices, given with --force) are written in place.
     */
    private void restoreInto(Datastore ds, SnapshotRef ref, Path targetPath) throws IOException {
        if (Files.exists(targetPath) && !Files.isRegularFile(targetPath)) {
            ds.restore(ref, image, targetPath);
            return;
        }
        Path tmp = targetPath.resolveSibling("." + targetPath.getFileName() + ".restore-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE));
        try {
            ds.restore(ref, image, tmp);
            if (!force && Files.exists(targetPath, LinkOption.NOFOLLOW_LINKS)) {
                throw new CliException(ExitCodes.CONFLICT, "--target appeared during the restore: " + targetPath
                        + " (give --force to overwrite it)");
            }
            Files.move(tmp, targetPath, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(targetPath.toAbsolutePath().getParent());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Makes the rename durable (the engine fsync'd the data). Ignored where directories cannot be synced. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // not supported for directories on this platform or filesystem: nothing better to do
        }
    }

    private void print(SnapshotRef ref, Path targetPath, long size, long nanos) {
        double seconds = OfflineDatastore.seconds(nanos);
        double mbps = OfflineDatastore.mbPerSecond(size, nanos / 1e9);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("snapshot", ref.toString());
            m.put("image", image);
            m.put("target", targetPath.toAbsolutePath().normalize().toString());
            m.put("bytes", size);
            m.put("seconds", seconds);
            m.put("mbPerSecond", mbps);
            OfflineDatastore.printJson(out, m);
            return;
        }
        out.printf(Locale.ROOT, "restored %s of %s to %s: %s in %.3f s (%.1f MB/s)%n", image, ref, targetPath,
                OfflineDatastore.bytes(size), seconds, mbps);
        out.flush();
    }
}
