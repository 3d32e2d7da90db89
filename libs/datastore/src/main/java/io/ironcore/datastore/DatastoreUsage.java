package io.ironcore.datastore;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;

/**
 * How much a datastore holds, read without opening it (no lock, no lease, nothing written), so it may run beside
 * backups, prunes and GC; a file that goes while it walks is skipped. It walks every file, so it costs about as much
 * as listing the datastore: callers run it in the background and keep the result.
 *
 * @param usedBytes    the size of every file of the datastore (chunks, indexes, manifests, sidecars)
 * @param freeBytes    what its file system still offers (the file store's usable space)
 * @param logicalBytes the image sizes of every complete snapshot's indexes, as its manifest records them
 * @param chunkBytes   the size of the chunk files (compressed, encrypted, with their headers) as stored
 * @param chunks       how many chunk files there are
 * @param snapshots    how many complete snapshots there are
 */
public record DatastoreUsage(long usedBytes, long freeBytes, long logicalBytes, long chunkBytes, long chunks,
                             long snapshots) {

    /**
     * Logical bytes per stored chunk byte (deduplication and compression together, as Proxmox Backup Server's
     * deduplication factor); 1 for a datastore without chunks or snapshots.
     */
    public double dedupRatio() {
        return chunkBytes == 0 || logicalBytes == 0 ? 1.0 : (double) logicalBytes / chunkBytes;
    }

    /** Whether {@code root} holds a datastore (one is created by its first write, so a failed run may leave none). */
    public static boolean isDatastore(Path root) {
        return Files.isRegularFile(root.resolve(DatastoreConfig.FILE));
    }

    /** Measures the datastore in {@code root}. */
    public static DatastoreUsage measure(Path root) throws IOException {
        if (!isDatastore(root)) {
            throw new DatastoreException("not a datastore (no " + DatastoreConfig.FILE + "): " + root);
        }
        long[] files = walk(root, false);
        long[] chunkFiles = walk(root.resolve(ChunkStore.DIR), true);
        long[] logical = new long[2];
        snapshots(root, Namespace.ROOT, logical);
        return new DatastoreUsage(files[0], Files.getFileStore(root).getUsableSpace(), logical[0], chunkFiles[0],
                chunkFiles[1], logical[1]);
    }

    /** Bytes and count of the regular files below {@code dir} (only chunk files when {@code chunksOnly}). */
    private static long[] walk(Path dir, boolean chunksOnly) throws IOException {
        long[] sum = new long[2];
        if (!Files.isDirectory(dir)) {
            return sum;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && (!chunksOnly || Digest.isHex(file.getFileName().toString()))) {
                    sum[0] += attrs.size();
                    sum[1]++;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // removed meanwhile (GC, prune)
                }
                throw e;
            }
        });
        return sum;
    }

    /** Adds the logical bytes and the count of the complete snapshots of {@code ns} and the namespaces below it. */
    private static void snapshots(Path root, Namespace ns, long[] out) throws IOException {
        Path nsDir = ns.resolve(root);
        for (String type : BackupGroup.TYPES) {
            for (String id : Datastore.subdirs(nsDir.resolve(type))) {
                BackupGroup group;
                try {
                    group = new BackupGroup(ns, type, id);
                } catch (IllegalArgumentException e) {
                    continue;
                }
                for (String time : Datastore.subdirs(group.resolve(root))) {
                    Instant t;
                    try {
                        t = Names.parseTime(time);
                    } catch (IllegalArgumentException e) {
                        continue;
                    }
                    Path manifest = group.snapshot(t).resolve(root).resolve(ManifestCodec.FILE);
                    byte[] bytes;
                    try {
                        bytes = Files.readAllBytes(manifest);
                    } catch (NoSuchFileException e) {
                        continue; // in progress, abandoned, or removed meanwhile
                    }
                    Manifest m;
                    try {
                        m = ManifestCodec.decode(bytes, "manifest of " + group.snapshot(t));
                    } catch (CorruptChunkException e) {
                        continue; // verify reports it; it holds no readable index
                    }
                    for (ManifestImage image : m.images()) {
                        out[0] += image.size();
                    }
                    out[1]++;
                }
            }
        }
        if (ns.depth() >= Names.MAX_NS_DEPTH) {
            return;
        }
        for (String name : Datastore.subdirs(nsDir.resolve("ns"))) {
            Namespace child;
            try {
                child = ns.child(name);
            } catch (IllegalArgumentException e) {
                continue;
            }
            snapshots(root, child, out);
        }
    }
}
