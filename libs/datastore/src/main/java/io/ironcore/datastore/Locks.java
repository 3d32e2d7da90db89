package io.ironcore.datastore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Cross-process, cross-host locks made of lease files in {@code .locks/} (docs/design/datastore-format.md, section 8).
 * Lock-state transitions are serialised by an in-JVM mutex plus an fcntl lock on {@code .locks/guard}.
 */
final class Locks implements AutoCloseable {
    static final String DIR = ".locks";
    private static final System.Logger LOG = System.getLogger(Locks.class.getName());
    private static final ConcurrentHashMap<String, ReentrantLock> JVM_GUARDS = new ConcurrentHashMap<>();

    private final Path dir;
    private final Clock clock;
    private final Duration staleAfter;
    private final Heartbeats heartbeats;
    private final ReentrantLock jvmGuard;
    private final FileChannel guardChannel;
    private volatile boolean fcntlUnsupported;

    Locks(Path root, Clock clock, Duration staleAfter, Heartbeats heartbeats) throws IOException {
        this.dir = root.resolve(DIR);
        Files.createDirectories(dir);
        this.clock = clock;
        this.staleAfter = staleAfter;
        this.heartbeats = heartbeats;
        Path guard = dir.resolve("guard");
        this.guardChannel = FileChannel.open(guard, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        this.jvmGuard = JVM_GUARDS.computeIfAbsent(guard.toRealPath().toString(), k -> new ReentrantLock());
    }

    static String prefix(String key) {
        return HexFormat.of().formatHex(FixedIndex.sha256(key.getBytes(StandardCharsets.UTF_8), 0,
                key.getBytes(StandardCharsets.UTF_8).length)).substring(0, 32);
    }

    /** Acquires (never waits for) a lock. Throws {@link LockedException} naming the holder if it conflicts. */
    Lease acquire(String key, boolean exclusive, String purpose) throws IOException {
        String prefix = prefix(key);
        Path mine = dir.resolve(prefix + (exclusive ? ".x." : ".s.") + UUID.randomUUID() + ".lease");
        ObjectNode owner = ownerJson(purpose);
        owner.put("key", key);
        owner.put("mode", exclusive ? "exclusive" : "shared");
        try (Guard g = guard()) {
            checkConflicts(key, prefix, exclusive, null);
            Fs.writeAtomic(mine, Json.MAPPER.writeValueAsBytes(owner), false, FileTime.from(clock.instant()));
            try {
                checkConflicts(key, prefix, exclusive, mine);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(mine);
                throw e;
            }
        }
        return new Lease(key, exclusive, mine, heartbeats);
    }

    /** True if a live lease (of any mode) exists for the key. */
    boolean isLocked(String key) throws IOException {
        String prefix = prefix(key);
        for (Path p : leases(prefix)) {
            if (!isStale(p)) {
                return true;
            }
        }
        return false;
    }

    private void checkConflicts(String key, String prefix, boolean exclusive, Path mine) throws IOException {
        for (Path p : leases(prefix)) {
            if (p.equals(mine)) {
                continue;
            }
            boolean otherExclusive = p.getFileName().toString().startsWith(prefix + ".x.");
            if (!exclusive && !otherExclusive) {
                continue;
            }
            if (isStale(p)) {
                LOG.log(System.Logger.Level.WARNING, "breaking stale lock " + key + ": " + describe(p));
                Files.deleteIfExists(p);
                continue;
            }
            throw new LockedException("lock " + key + " is held" + (otherExclusive ? " exclusively" : " (shared)")
                    + " by " + describe(p));
        }
    }

    private List<Path> leases(String prefix) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, prefix + ".*.lease")) {
            for (Path p : ds) {
                out.add(p);
            }
        }
        return out;
    }

    boolean isStale(Path file) {
        return isStale(file, clock, staleAfter);
    }

    /** The stale rule: heartbeat (mtime) older than staleAfter, or owner on this host and its process gone. */
    static boolean isStale(Path file, Clock clock, Duration staleAfter) {
        try {
            FileTime mtime = Files.getLastModifiedTime(file);
            if (mtime.toInstant().isBefore(clock.instant().minus(staleAfter))) {
                return true;
            }
            JsonNode n = Json.MAPPER.readTree(Files.readAllBytes(file));
            return HostIdentity.CURRENT.ownerIsDead(n.path("hostKey").asText(null), n.path("pid").asLong(-1),
                    n.path("processStart").asLong(-1));
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    ObjectNode ownerJson(String purpose) {
        return ownerJson(purpose, clock.instant());
    }

    static ObjectNode ownerJson(String purpose, Instant now) {
        HostIdentity h = HostIdentity.CURRENT;
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("purpose", purpose);
        n.put("hostKey", h.hostKey());
        n.put("pid", h.pid());
        n.put("processStart", h.processStartMillis());
        n.put("acquiredAt", now.toString());
        return n;
    }

    static String describe(Path p) {
        try {
            JsonNode n = Json.MAPPER.readTree(Files.readAllBytes(p));
            return n.path("purpose").asText("?") + " (host " + n.path("hostKey").asText("?").split("\\|")[0] + ", pid "
                    + n.path("pid").asText("?") + ", since " + n.path("acquiredAt").asText("?") + ", heartbeat "
                    + Files.getLastModifiedTime(p) + ")";
        } catch (IOException e) {
            return p.getFileName().toString();
        }
    }

    private Guard guard() throws IOException {
        jvmGuard.lock();
        FileLock fl = null;
        if (!fcntlUnsupported) {
            try {
                fl = guardChannel.lock();
            } catch (OverlappingFileLockException e) {
                jvmGuard.unlock();
                throw new IllegalStateException("guard lock already held in this JVM", e);
            } catch (IOException e) {
                fcntlUnsupported = true;
                LOG.log(System.Logger.Level.WARNING, "filesystem does not support fcntl locks on " + dir
                        + "; relying on lease files only: " + e);
            }
        }
        return new Guard(fl);
    }

    private final class Guard implements AutoCloseable {
        private final FileLock lock;

        Guard(FileLock lock) {
            this.lock = lock;
        }

        @Override
        public void close() throws IOException {
            try {
                if (lock != null) {
                    lock.release();
                }
            } finally {
                jvmGuard.unlock();
            }
        }
    }

    @Override
    public void close() throws IOException {
        guardChannel.close();
    }
}
