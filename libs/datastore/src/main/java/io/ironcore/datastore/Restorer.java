package io.ironcore.datastore;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Restores one image of a snapshot, verifying every chunk (docs/design/datastore-format.md, section 13). */
final class Restorer {
    private static final byte[] ZEROS = new byte[1024 * 1024];

    private final Datastore ds;

    Restorer(Datastore ds) {
        this.ds = ds;
    }

    void restore(SnapshotRef ref, String image, Path target) throws IOException {
        Names.checkImageName(image);
        try (Lease lease = ds.locks().acquire(Datastore.snapshotLockKey(ref), false, "restore " + ref)) {
            Manifest m = ds.readManifest(ref);
            ManifestImage mi = m.image(image).orElseThrow(
                    () -> new SnapshotNotFoundException("snapshot " + ref + " has no image " + image));
            FixedIndex idx = ds.readIndex(ref, mi);
            boolean regular = !Files.exists(target) || Files.isRegularFile(target);
            boolean ok = false;
            try (RandomAccessFile raf = new RandomAccessFile(target.toFile(), "rw")) {
                FileChannel ch = raf.getChannel();
                if (regular) {
                    raf.setLength(0);
                    raf.setLength(idx.imageSize); // sparse: zero chunks are never written
                }
                try (WorkerPool workers = new WorkerPool(ds, "restore")) {
                    for (int i = 0; i < idx.count() && !workers.failed(); i++) {
                        int len = idx.chunkLength(i);
                        long off = (long) i * idx.chunkSize;
                        Digest d = idx.digest(i);
                        if (d.equals(ds.zeroDigest(len))) {
                            if (!regular) {
                                writeZeros(ch, off, len);
                            }
                            continue;
                        }
                        workers.submit(codec -> {
                            int blobLen;
                            try {
                                blobLen = ds.chunks().read(d, len, codec);
                            } catch (NoSuchFileException e) {
                                throw new CorruptChunkException(d.hex(), "chunk " + d.hex() + " is missing");
                            }
                            codec.decode(d, codec.readBuffer(0), blobLen, len, true);
                            ByteBuffer b = ByteBuffer.wrap(codec.plain(), 0, len);
                            long pos = off;
                            while (b.hasRemaining()) {
                                pos += ch.write(b, pos);
                            }
                        });
                    }
                    workers.await();
                }
                if (ds.options().fsyncPolicy() == FsyncPolicy.SAFE) {
                    ch.force(true);
                }
                ok = true;
            } finally {
                if (!ok && regular) {
                    Files.deleteIfExists(target);
                }
            }
        }
    }

    private static void writeZeros(FileChannel ch, long off, int len) throws IOException {
        long pos = off;
        long end = off + len;
        while (pos < end) {
            ByteBuffer b = ByteBuffer.wrap(ZEROS, 0, (int) Math.min(ZEROS.length, end - pos));
            while (b.hasRemaining()) {
                pos += ch.write(b, pos);
            }
        }
    }
}
