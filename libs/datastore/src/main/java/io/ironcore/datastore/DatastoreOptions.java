package io.ironcore.datastore;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Options for {@link Datastore#create} and {@link Datastore#open}. Chunk size and compression settings are persisted
 * by {@code create}; on {@code open} the persisted values are used and those fields of the options are ignored.
 *
 * @param chunkSize         fixed chunk size (default 4 MiB; multiple of 4 KiB, 64 KiB..64 MiB)
 * @param compression       zstd compression on/off (default on)
 * @param zstdLevel         zstd level (default 1)
 * @param compressionProbe  skip compression when four 16 KiB samples do not compress (default on)
 * @param encryptionKey     key of an encrypted datastore, or null
 * @param fsyncPolicy        fsync policy (default {@link FsyncPolicy#SAFE})
 * @param workerThreads     hashing/compressing threads (default: number of cores + 1, so that a core whose thread
 *                          waits for a direct write has another thread to run)
 * @param directWrites      write chunk files with {@code O_DIRECT}, bypassing the page cache (default on, unless the
 *                          system property {@code ironcore.datastore.directWrite} is {@code false}; file systems
 *                          that refuse it get buffered writes)
 * @param clock             time source for snapshot times, chunk marks, heartbeats and GC (tests inject one)
 * @param lockStaleAfter    a lease/writer whose heartbeat is older is stale (default 5 min)
 * @param heartbeatInterval how often leases and writer registrations are refreshed (default 30 s)
 * @param progressInterval  minimum time between two progress callbacks (default 1 s)
 */
public record DatastoreOptions(int chunkSize, boolean compression, int zstdLevel, boolean compressionProbe,
                               EncryptionKey encryptionKey, FsyncPolicy fsyncPolicy, int workerThreads,
                               boolean directWrites, Clock clock, Duration lockStaleAfter,
                               Duration heartbeatInterval, Duration progressInterval) {
    public static final int DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024;
    /** System property: {@code false} turns off {@code O_DIRECT} chunk writes by default. */
    public static final String DIRECT_WRITE_PROPERTY = "ironcore.datastore.directWrite";

    public DatastoreOptions {
        FixedIndex.checkChunkSize(chunkSize);
        if (zstdLevel < 1 || zstdLevel > 22) {
            throw new IllegalArgumentException("zstd level must be 1..22: " + zstdLevel);
        }
        if (workerThreads < 1) {
            throw new IllegalArgumentException("workerThreads must be >= 1");
        }
        Objects.requireNonNull(fsyncPolicy, "fsyncPolicy");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(lockStaleAfter, "lockStaleAfter");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(progressInterval, "progressInterval");
        if (heartbeatInterval.isZero() || heartbeatInterval.isNegative()
                || lockStaleAfter.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("lockStaleAfter must be at least two heartbeat intervals");
        }
    }

    public static DatastoreOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.chunkSize = chunkSize;
        b.compression = compression;
        b.zstdLevel = zstdLevel;
        b.compressionProbe = compressionProbe;
        b.encryptionKey = encryptionKey;
        b.fsyncPolicy = fsyncPolicy;
        b.workerThreads = workerThreads;
        b.directWrites = directWrites;
        b.clock = clock;
        b.lockStaleAfter = lockStaleAfter;
        b.heartbeatInterval = heartbeatInterval;
        b.progressInterval = progressInterval;
        return b;
    }

    public static final class Builder {
        private int chunkSize = DEFAULT_CHUNK_SIZE;
        private boolean compression = true;
        private int zstdLevel = 1;
        private boolean compressionProbe = true;
        private EncryptionKey encryptionKey;
        private FsyncPolicy fsyncPolicy = FsyncPolicy.SAFE;
        private int workerThreads = Runtime.getRuntime().availableProcessors() + 1;
        private boolean directWrites = !"false".equalsIgnoreCase(System.getProperty(DIRECT_WRITE_PROPERTY, "true"));
        private Clock clock = Clock.systemUTC();
        private Duration lockStaleAfter = Duration.ofMinutes(5);
        private Duration heartbeatInterval = Duration.ofSeconds(30);
        private Duration progressInterval = Duration.ofSeconds(1);

        private Builder() {
        }

        public Builder chunkSize(int v) {
            chunkSize = v;
            return this;
        }

        public Builder compression(boolean v) {
            compression = v;
            return this;
        }

        public Builder zstdLevel(int v) {
            zstdLevel = v;
            return this;
        }

        public Builder compressionProbe(boolean v) {
            compressionProbe = v;
            return this;
        }

        public Builder encryptionKey(EncryptionKey v) {
            encryptionKey = v;
            return this;
        }

        public Builder fsyncPolicy(FsyncPolicy v) {
            fsyncPolicy = v;
            return this;
        }

        public Builder workerThreads(int v) {
            workerThreads = v;
            return this;
        }

        public Builder directWrites(boolean v) {
            directWrites = v;
            return this;
        }

        public Builder clock(Clock v) {
            clock = v;
            return this;
        }

        public Builder lockStaleAfter(Duration v) {
            lockStaleAfter = v;
            return this;
        }

        public Builder heartbeatInterval(Duration v) {
            heartbeatInterval = v;
            return this;
        }

        public Builder progressInterval(Duration v) {
            progressInterval = v;
            return this;
        }

        public DatastoreOptions build() {
            return new DatastoreOptions(chunkSize, compression, zstdLevel, compressionProbe, encryptionKey,
                    fsyncPolicy, workerThreads, directWrites, clock, lockStaleAfter, heartbeatInterval, progressInterval);
        }
    }
}
