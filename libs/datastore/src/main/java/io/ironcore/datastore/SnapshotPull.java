package io.ironcore.datastore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Copies one snapshot from a source datastore into a target datastore (docs/design/datastore-format.md, section 11):
 * a writer like a backup. The target's group lock and a writer registration are held, the source snapshot is locked
 * shared (a prune cannot remove it meanwhile), every chunk the target lacks is read from the source, checked against
 * its digest and written into the target, then the indexes, then the manifest last. A corrupt source chunk fails the
 * pull: nothing becomes visible in the target, and the corruption does not spread to the copy. The source group's
 * owner goes with it: a target group without one gets it, a target group of another project refuses the copy
 * ({@link GroupOwnerException}).
 */
final class SnapshotPull {
    private final Datastore target;
    private final Datastore source;
    private final boolean safe;

    SnapshotPull(Datastore target, Datastore source) {
        this.target = target;
        this.source = source;
        this.safe = target.options().fsyncPolicy() == FsyncPolicy.SAFE;
    }

    PullResult pull(SnapshotRef src, Namespace targetNamespace) throws IOException {
        BackupGroup group = new BackupGroup(targetNamespace, src.group().type(), src.group().id());
        SnapshotRef ref = group.snapshot(src.time());
        try (Lease srcLease = source.locks().acquire(Datastore.snapshotLockKey(src), false, "sync of " + src);
             Lease groupLease = target.locks().acquire(Datastore.groupLockKey(group), true, "sync into " + group)) {
            GroupOwners.claim(target, group, sourceOwner(src), "sync");
            if (Files.exists(ref.resolve(target.root()).resolve(ManifestCodec.FILE))) {
                return new PullResult(ref, src, true, 0, 0, 0);
            }
            Manifest m = source.readManifest(src);
            checkCompatible(m);
            Writers.Registration writer = null;
            ChunkFsyncer fsyncer = null;
            Path snapDir = null;
            try {
                writer = target.writers().register("sync " + group, ref.toString());
                snapDir = SnapshotDirs.claim(target.root(), ref, true);
                fsyncer = safe ? new ChunkFsyncer() : null;
                LongAdder copied = new LongAdder();
                LongAdder bytes = new LongAdder();
                long present = 0;
                Set<Digest> seen = new HashSet<>();
                FileTime now = FileTime.from(target.clock().instant());
                List<FixedIndex> indexes = new ArrayList<>();
                ChunkFsyncer fsyncs = fsyncer;
                // the chunks the target lacks are read, checked and written on every core
                try (WorkerPool workers = new WorkerPool(source, "sync")) {
                    for (ManifestImage img : m.images()) {
                        FixedIndex idx = source.readIndex(src, img);
                        indexes.add(idx);
                        for (int i = 0; i < idx.count() && !workers.failed(); i++) {
                            Digest d = idx.digest(i);
                            if (!seen.add(d)) {
                                continue;
                            }
                            if (target.chunks().touch(d, now)) {
                                present++;
                                continue;
                            }
                            int len = idx.chunkLength(i);
                            workers.submit(codec -> {
                                bytes.add(copyChunk(src, d, len, codec, now, fsyncs));
                                copied.increment();
                            });
                        }
                    }
                    workers.await();
                }
                if (fsyncer != null) {
                    fsyncer.finish(target.chunks().dir());
                }
                for (int k = 0; k < indexes.size(); k++) {
                    ManifestImage img = m.images().get(k);
                    byte[] encoded = indexes.get(k).encode();
                    if (!Json.sha256Hex(encoded).equals(img.indexSha256())) {
                        throw new CorruptChunkException(null, "index " + src + "/" + img.indexFile()
                                + ": re-encoded, it does not match the manifest's digest");
                    }
                    Fs.writeAtomic(snapDir.resolve(img.indexFile()), encoded, safe);
                }
                if (safe) {
                    Fs.fsyncDir(snapDir);
                }
                if (!groupLease.stillValid() || !writer.stillValid() || !srcLease.stillValid()) {
                    throw new BackupCancelledException("sync of " + src + " lost its lease; not committing");
                }
                Manifest copy = new Manifest(Manifest.VERSION, ref, m.jobId(), m.runId(), m.mode(), m.requestedMode(),
                        moved(m.parent(), targetNamespace), moved(m.chainBase(), targetNamespace), m.startedAt(),
                        m.finishedAt(), m.chunkSize(), m.encrypted(), m.keyFingerprint(), m.images(), m.stats(), null);
                SnapshotDirs.commit(target.root(), ref, copy, safe);
                return new PullResult(ref, src, false, copied.sum(), present, bytes.sum());
            } catch (Throwable t) {
                SnapshotDirs.abandon(snapDir, t);
                throw t;
            } finally {
                if (fsyncer != null) {
                    fsyncer.close();
                }
                if (writer != null) {
                    writer.close();
                }
            }
        }
    }

    /** Copies one chunk the target lacks: read from the source, checked against its digest, written as it is. */
    private long copyChunk(SnapshotRef src, Digest d, int len, ChunkCodec codec, FileTime now, ChunkFsyncer fsyncs)
            throws IOException {
        int blobLen;
        try {
            blobLen = source.chunks().read(d, len, codec);
        } catch (NoSuchFileException e) {
            throw new CorruptChunkException(d.hex(), "chunk " + d.hex() + " of " + src
                    + " is missing in the source datastore");
        }
        byte[] blob = codec.readBuffer(0);
        codec.decode(d, blob, blobLen, len, true);
        boolean[] createdFanout = new boolean[1];
        ChunkStore store = target.chunks();
        int alignment = store.directWriteAlignment();
        Path p;
        if (alignment > 0) {
            // O_DIRECT, like a backup's chunk writes: no copy into the page cache
            int padded = (blobLen + alignment - 1) / alignment * alignment;
            int size = (ChunkCodec.Settings.maxBlobSize(len) + alignment - 1) / alignment * alignment;
            ByteBuffer buf = DirectBuffers.borrow(Math.max(size, padded));
            try {
                buf.put(0, blob, 0, blobLen);
                p = store.writeDirect(d, buf.slice(0, padded), blobLen, now, createdFanout);
            } finally {
                DirectBuffers.release(buf);
            }
        } else {
            p = store.write(d, new ByteBuffer[] {ByteBuffer.wrap(blob, 0, blobLen)}, now, createdFanout);
        }
        if (fsyncs != null) {
            fsyncs.submit(p, createdFanout[0]);
        }
        return blobLen;
    }

    /** The owner of the source group, copied to the target group; null for a group without one. */
    private String sourceOwner(SnapshotRef src) throws IOException {
        String owner = source.groupOwner(src.group()).orElse(null);
        try {
            return GroupOwners.check(owner);
        } catch (IllegalArgumentException e) {
            throw new DatastoreException("cannot sync " + src + ": the owner file of its group names no project");
        }
    }

    /** Chunk names and blobs are copied as they are: both datastores must name and seal chunks the same way. */
    private void checkCompatible(Manifest m) throws DatastoreException {
        if (m.chunkSize() != target.config().chunkSize()) {
            throw new DatastoreException("cannot sync " + m.snapshot() + ": its chunk size " + m.chunkSize()
                    + " differs from the target datastore's " + target.config().chunkSize());
        }
        if (source.encrypted() != target.encrypted()) {
            throw new DatastoreException("cannot sync " + m.snapshot() + " from " + (source.encrypted()
                    ? "an encrypted datastore into a plain one" : "a plain datastore into an encrypted one"));
        }
        if (source.encrypted() && !source.config().keyFingerprint().equals(target.config().keyFingerprint())) {
            throw new DatastoreException("cannot sync " + m.snapshot() + ": the datastores use different encryption "
                    + "keys (" + source.config().keyFingerprint() + " and " + target.config().keyFingerprint() + ")");
        }
    }

    private static SnapshotRef moved(SnapshotRef ref, Namespace ns) {
        return ref == null ? null : new BackupGroup(ns, ref.group().type(), ref.group().id()).snapshot(ref.time());
    }
}
