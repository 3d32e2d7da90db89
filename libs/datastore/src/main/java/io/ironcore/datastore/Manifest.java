package io.ironcore.datastore;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The immutable manifest of a snapshot (written last; the snapshot exists iff it exists). Protection and verify state
 * are deliberately not part of it.
 *
 * @param parent    the previous snapshot this one was compared with (incremental), null for full backups
 * @param chainBase the full snapshot that started this chain (this snapshot itself for a full backup)
 * @param checksum  SHA-256 of the canonical JSON without the checksum field
 */
public record Manifest(int version, SnapshotRef snapshot, String jobId, String runId, BackupMode mode,
                       BackupMode requestedMode, SnapshotRef parent, SnapshotRef chainBase, Instant startedAt,
                       Instant finishedAt, int chunkSize, boolean encrypted, String keyFingerprint,
                       List<ManifestImage> images, BackupStats stats, String checksum) {
    public static final int VERSION = 1;

    public Manifest {
        images = List.copyOf(images);
    }

    public Optional<ManifestImage> image(String name) {
        return images.stream().filter(i -> i.name().equals(name)).findFirst();
    }
}
