package io.ironcore.datastore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The {@code .chunks} directory: fan-out paths, touch-or-lookup, atomic writes, blob reads. Thread-safe. */
final class ChunkStore {
    static final String DIR = ".chunks";

    private final Path dir;
    private final Set<String> knownFanout = ConcurrentHashMap.newKeySet();

    ChunkStore(Path root) {
        this.dir = root.resolve(DIR);
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

    /**
     * Writes a chunk blob atomically (temp file, mtime, rename) with one gathering write of {@code blob} (direct
     * buffers are written without a copy). Returns the final path; {@code createdFanout} is set to true if the fan-out
     * directory had to be created.
     */
    Path write(Digest d, ByteBuffer[] blob, FileTime mtime, boolean[] createdFanout) throws IOException {
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
        long total = 0;
        for (ByteBuffer b : blob) {
            total += b.remaining();
        }
        Path tmp = Fs.tempFor(target);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                long done = 0;
                while (done < total) {
                    done += ch.write(blob);
                }
            }
            Files.setLastModifiedTime(tmp, mtime);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return target;
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
