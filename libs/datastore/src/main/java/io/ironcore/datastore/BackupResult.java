package io.ironcore.datastore;

/**
 * Outcome of a backup.
 *
 * @param alreadyCompleted true if a snapshot with the request's run id existed and was returned unchanged
 */
public record BackupResult(SnapshotRef snapshot, Manifest manifest, boolean alreadyCompleted) {
    public BackupStats stats() {
        return manifest.stats();
    }

    public BackupMode mode() {
        return manifest.mode();
    }
}
