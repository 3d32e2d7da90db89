package io.ironcore.datastore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.ThreadLocalRandom;

/** File helpers: temp file + atomic rename, fsync of files and directories. */
final class Fs {
    private Fs() {
    }

    static Path tempFor(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".tmp-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE));
    }

    static boolean isTemp(String name) {
        return name.startsWith(".") && name.contains(".tmp-");
    }

    /** Writes {@code data} to a temp file in the target's directory and renames it over the target. */
    static void writeAtomic(Path target, byte[] data, boolean fsync) throws IOException {
        writeAtomic(target, data, fsync, null);
    }

    static void writeAtomic(Path target, byte[] data, boolean fsync, FileTime mtime) throws IOException {
        Path tmp = tempFor(target);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(data);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                if (fsync) {
                    ch.force(true);
                }
            }
            if (mtime != null) {
                Files.setLastModifiedTime(tmp, mtime);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    static void fsyncFile(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** fsync of a directory (makes renames/creates in it durable). Ignored where the platform refuses it. */
    static void fsyncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            // Some platforms/filesystems do not allow fsync on a directory; nothing better can be done there.
        }
    }

    static void deleteRecursively(Path p) throws IOException {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
                for (Path c : ds) {
                    deleteRecursively(c);
                }
            } catch (NoSuchFileException e) {
                return;
            }
        }
        Files.deleteIfExists(p);
    }

    static void readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
        long pos = position;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += n;
        }
    }
}
