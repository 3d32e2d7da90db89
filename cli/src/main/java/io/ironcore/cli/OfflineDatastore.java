package io.ironcore.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ironcore.datastore.BackupGroup;
import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.DatastoreOptions;
import io.ironcore.datastore.KeyMismatchException;
import io.ironcore.datastore.LockedException;
import io.ironcore.datastore.Namespace;
import io.ironcore.datastore.SnapshotNotFoundException;
import io.ironcore.datastore.SnapshotRef;
import io.ironcore.datastore.FsyncPolicy;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * What the offline commands (backup, restore, verify) share: opening a datastore directory with the engine the
 * backup-worker uses ({@code io.ironcore.datastore}), and turning the engine's failures into one line and an exit code.
 */
final class OfflineDatastore {
    static final String CONFIG_FILE = ".datastore.json";
    /**
     * The offline reports hold only strings, numbers, booleans and lists: a plain mapper, so a backup does not pay for
     * loading the java.time module of the CLI's shared mapper.
     */
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Held strongly: java.util.logging keeps loggers only weakly, and the level must stick. */
    private static final Logger ENGINE_LOG = Logger.getLogger("io.ironcore.datastore");

    private OfflineDatastore() {
    }

    /**
     * The engine logs what it also reports (a corrupt chunk found by verify, a chunk repaired by a full backup) as
     * warnings; the commands print their reports themselves, so only severe engine messages reach stderr.
     */
    static void quietEngineLog() {
        ENGINE_LOG.setLevel(Level.SEVERE);
    }

    static Path path(String what, String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new CliException(ExitCodes.INVALID, what + ": not a path: " + value);
        }
    }

    /** Opens an existing datastore; fails with NOT_FOUND when the directory is not one. */
    static Datastore open(Path dir, FsyncPolicy sync) {
        if (!Files.isRegularFile(dir.resolve(CONFIG_FILE))) {
            throw new CliException(ExitCodes.NOT_FOUND, "not a datastore (no " + CONFIG_FILE + "): " + dir);
        }
        try {
            return Datastore.open(dir, options(sync));
        } catch (IOException | RuntimeException e) {
            throw failure("datastore " + dir, e);
        }
    }

    /** Opens the datastore in {@code dir}, or creates one there if the directory is missing or empty. */
    static Datastore openOrCreate(Path dir, FsyncPolicy sync) {
        if (Files.isRegularFile(dir.resolve(CONFIG_FILE))) {
            return open(dir, sync);
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CliException(ExitCodes.INVALID, "--datastore: not a directory: " + dir);
        }
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new CliException(ExitCodes.INVALID, "--datastore: " + dir
                            + " is neither a datastore nor empty; give a datastore or an empty (or new) directory");
                }
            } catch (IOException e) {
                throw failure("datastore " + dir, e);
            }
        }
        try {
            return Datastore.create(dir, options(sync));
        } catch (FileAlreadyExistsException e) {
            return open(dir, sync); // created by someone else at the same moment
        } catch (IOException | RuntimeException e) {
            throw failure("cannot create datastore " + dir, e);
        }
    }

    private static DatastoreOptions options(FsyncPolicy sync) {
        return DatastoreOptions.builder().fsyncPolicy(sync).build();
    }

    static SnapshotRef snapshot(String id) {
        return snapshot("--snapshot", id);
    }

    static SnapshotRef snapshot(String option, String id) {
        try {
            return SnapshotRef.parse(id);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.INVALID, option + ": " + e.getMessage());
        }
    }

    static BackupGroup vmGroup(String namespace, String id) {
        try {
            return BackupGroup.of(Namespace.parse(namespace), "vm", id);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.INVALID, e.getMessage());
        }
    }

    static void close(Datastore ds) {
        try {
            ds.close();
        } catch (IOException e) {
            throw failure("closing datastore " + ds.root(), e);
        }
    }

    /** Maps a failure of the engine (or the file system) to one line and an exit code. */
    static CliException failure(String context, Throwable e) {
        if (e instanceof CliException c) {
            return c;
        }
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        if (e instanceof SnapshotNotFoundException) {
            return new CliException(ExitCodes.NOT_FOUND, msg);
        }
        if (e instanceof LockedException) {
            return new CliException(ExitCodes.CONFLICT, "locked: " + msg);
        }
        if (e instanceof KeyMismatchException) {
            return new CliException(ExitCodes.FAILED, msg);
        }
        if (e instanceof NoSuchFileException) {
            return new CliException(ExitCodes.NOT_FOUND, context + ": no such file or directory: " + msg);
        }
        if (e instanceof AccessDeniedException) {
            return new CliException(ExitCodes.FAILED, context + ": permission denied: " + msg);
        }
        if (e instanceof NotDirectoryException) {
            return new CliException(ExitCodes.INVALID, context + ": not a directory: " + msg);
        }
        if (e instanceof IllegalArgumentException) {
            return new CliException(ExitCodes.INVALID, msg);
        }
        if (e instanceof IOException) {
            return new CliException(ExitCodes.FAILED, context + ": " + msg);
        }
        return new CliException(ExitCodes.FAILED, context + ": " + e);
    }

    static void checkOutput(String output) {
        if (!output.equals("text") && !output.equals("json")) {
            throw new CliException(ExitCodes.USAGE, "--output must be text or json, not '" + output + "'");
        }
    }

    static void printJson(PrintWriter out, Object value) {
        try {
            out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new CliException(ExitCodes.FAILED, e.getMessage());
        }
        out.flush();
    }

    /** Throughput in MB/s (10^6 bytes per second), one decimal. */
    static double mbPerSecond(long bytes, double seconds) {
        return seconds <= 0 ? 0 : Math.round(bytes / 1e6 / seconds * 10) / 10.0;
    }

    static double seconds(long nanos) {
        return Math.round(nanos / 1e6) / 1000.0;
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s (%d bytes)", v, units[u], n);
    }
}
