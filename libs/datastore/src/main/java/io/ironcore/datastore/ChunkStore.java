package io.ironcore.datastore;

import com.sun.nio.file.ExtendedOpenOption;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The {@code .chunks} directory: fan-out paths, touch-or-lookup, atomic writes, blob reads. Thread-safe. */
final class ChunkStore {
    static final String DIR = ".chunks";
    private static final System.Logger LOG = System.getLogger(ChunkStore.class.getName());

    private final Path dir;
    private final Set<String> knownFanout = ConcurrentHashMap.newKeySet();
    /** Alignment of {@code O_DIRECT} chunk writes, 0 when chunks are written through the page cache. */
    private volatile int directAlignment;
    /** True once a direct write succeeded: from then on a failing one is an error, not a reason to fall back. */
    private volatile boolean directWorked;

    ChunkStore(Path root, boolean directWrites) {
        this.dir = root.resolve(DIR);
        this.directAlignment = directWrites ? alignmentFor(root) : 0;
    }

    /**
     * The alignment {@code O_DIRECT} writes need on the datastore's file system (its block size, which the JDK checks
     * buffers, positions and lengths against), or 0 if it is not one our page-aligned buffers satisfy.
     */
    private static int alignmentFor(Path root) {
        try {
            long bs = Files.getFileStore(root).getBlockSize();
            return bs > 0 && bs <= DirectBuffers.ALIGNMENT && Long.bitCount(bs) == 1 ? DirectBuffers.ALIGNMENT : 0;
        } catch (IOException | UnsupportedOperationException e) {
            return 0;
        }
    }

    /** The alignment {@link #writeDirect} needs, or 0 if chunks are written through the page cache. */
    int directWriteAlignment() {
        return directAlignment;
    }

    /** Tests: pretend the file system needs another alignment (one it refuses exercises the fall-back). */
    void directWriteAlignmentForTest(int alignment) {
        directAlignment = alignment;
    }

    Path dir() {
        return dir;
    }

    Path path(Digest d) {
        String hex = d.hex();
        return dir.resolve(hex.substring(0, 4)).resolve(hex);
    }

    /** Sets the chunk's mtime (the GC mark). Returns false if the chunk does not exist. */
    boolean touch(Digest d, FileTime now) throws IOException {
        try {
            Files.setLastModifiedTime(path(d), now);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** The chunk's path, its fan-out directory created if needed ({@code createdFanout[0]} set then). */
    private Path prepare(Digest d, boolean[] createdFanout) throws IOException {
        Path target = path(d);
        Path fan = target.getParent();
        String fanName = fan.getFileName().toString();
        if (!knownFanout.contains(fanName)) {
            if (!Files.isDirectory(fan)) {
                Files.createDirectories(fan);
                if (createdFanout != null) {
                    createdFanout[0] = true;
                }
            }
            knownFanout.add(fanName);
        }
        return target;
    }

    /** Writes the content of a new chunk file. */
    @FunctionalInterface
    private interface Content {
        void writeTo(FileChannel ch) throws IOException;
    }

    /**
     * Creates chunk {@code d} atomically: a temp file opened with {@code options} (besides create-new and write) gets
     * its content and its mtime, then is renamed into place; on failure the temp file is removed.
     */
    private Path atomically(Digest d, FileTime mtime, boolean[] createdFanout, Content content, OpenOption... options)
            throws IOException {
        Path target = prepare(d, createdFanout);
        Path tmp = Fs.tempFor(target);
        Set<OpenOption> open = new HashSet<>(List.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        open.addAll(Arrays.asList(options));
        try {
            try (FileChannel ch = FileChannel.open(tmp, open)) {
                content.writeTo(ch);
            }
            Files.setLastModifiedTime(tmp, mtime);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /**
     * Writes a chunk blob atomically (temp file, mtime, rename) with one gathering write of {@code blob} (direct
     * buffers are written without a copy). Returns the final path; {@code createdFanout} is set to true if the fan-out
     * directory had to be created.
     */
    Path write(Digest d, ByteBuffer[] blob, FileTime mtime, boolean[] createdFanout) throws IOException {
        long total = 0;
        for (ByteBuffer b : blob) {
            total += b.remaining();
        }
        long length = total;
        return atomically(d, mtime, createdFanout, ch -> {
            long done = 0;
            while (done < length) {
                done += ch.write(blob);
            }
        });
    }

    /**
     * Writes a chunk blob with {@code O_DIRECT} (no copy into the page cache, and a backup does not evict the host's
     * cached data): {@code padded} (page-aligned, position 0, limit a multiple of {@link #directWriteAlignment()})
     * holds the blob in its first {@code length} bytes; the temp file is written whole, cut to {@code length}, given
     * its mtime and renamed like in {@link #write}. If the file system refuses the first direct write, direct writes
     * are turned off for this datastore and the chunk goes through {@link #write}.
     */
    Path writeDirect(Digest d, ByteBuffer padded, int length, FileTime mtime, boolean[] createdFanout)
            throws IOException {
        try {
            Path target = atomically(d, mtime, createdFanout, ch -> {
                ByteBuffer b = padded.duplicate();
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.truncate(length);
            }, ExtendedOpenOption.DIRECT);
            directWorked = true;
            return target;
        } catch (IOException | RuntimeException e) {
            if (directWorked) {
                throw e;
            }
            directAlignment = 0;
            LOG.log(System.Logger.Level.INFO, "chunk writes go through the page cache: " + dir
                    + " refused an O_DIRECT write (" + e + ")");
            return write(d, new ByteBuffer[] {padded.slice(0, length)}, mtime, createdFanout);
        }
    }

    /**
     * Reads a whole blob of a chunk of {@code chunkLen} plaintext bytes into the codec's read buffer; returns its
     * length. Throws NoSuchFileException if missing.
     */
    int read(Digest d, int chunkLen, ChunkCodec codec) throws IOException {
        try (FileChannel ch = FileChannel.open(path(d), StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > ChunkCodec.Settings.maxBlobSize(chunkLen)) {
                throw new CorruptChunkException(d.hex(), "chunk " + d.hex() + ": file too large (" + size + " bytes)");
            }
            byte[] buf = codec.readBuffer((int) size);
            ByteBuffer b = ByteBuffer.wrap(buf, 0, (int) size);
            Fs.readFully(ch, b, 0);
            return (int) size;
        }
    }
}
