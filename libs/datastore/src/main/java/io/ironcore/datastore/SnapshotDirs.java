package io.ironcore.datastore;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The life of a new snapshot's directory, for every writer (backup, sync): claimed under the group lock, committed by
 * its manifest (written last, then made durable with the directories above it), or abandoned after a failure.
 */
final class SnapshotDirs {
    private SnapshotDirs() {
    }

    /**
     * Creates the directory of a new snapshot; the caller holds the group lock. A directory without a manifest that
     * is already there is left by a writer that was killed: replaced if {@code replaceLeftover}, else refused.
     */
    static Path claim(Path root, SnapshotRef ref, boolean replaceLeftover) throws IOException {
        Files.createDirectories(ref.group().resolve(root));
        Path dir = ref.resolve(root);
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            if (!replaceLeftover || Files.exists(dir.resolve(ManifestCodec.FILE))) {
                throw new LockedException("snapshot directory " + ref + " already exists (another writer without the "
                        + "group lock?)");
            }
            Fs.deleteRecursively(dir);
            Files.createDirectory(dir);
        }
        return dir;
    }

    /** Writes the manifest: from here on the snapshot exists. With {@code safe}, durable with its parents. */
    static void commit(Path root, SnapshotRef ref, Manifest manifest, boolean safe) throws IOException {
        Path dir = ref.resolve(root);
        Fs.writeAtomic(dir.resolve(ManifestCodec.FILE), ManifestCodec.encode(manifest), safe);
        if (safe) {
            Fs.fsyncDir(dir);
            Fs.fsyncDir(dir.getParent());
            Fs.fsyncDir(dir.getParent().getParent());
            Fs.fsyncDir(ref.group().namespace().resolve(root));
        }
    }

    /** After a failure: removes the directory unless its manifest was written (then the snapshot exists). */
    static void abandon(Path dir, Throwable failure) {
        if (dir == null || Files.exists(dir.resolve(ManifestCodec.FILE))) {
            return;
        }
        try {
            Fs.deleteRecursively(dir);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
