package io.ironcore.datastore;

import com.sun.nio.file.ExtendedOpenOption;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

/**
 * An image in a regular file or a block device, optionally with a caller-supplied bitmap. A block device (LVM, zvol,
 * RBD, loop) is sized through the OS ({@link BlockDevices}): {@link FileChannel#size()} answers 0 for it on JDK 17.
 *
 * <p>Reads that are aligned to the file system's block size (position, length and the address of a direct buffer, as
 * the backup engine's chunk reads are) bypass the page cache ({@code O_DIRECT}): the data goes from the disk straight
 * into the engine's buffer, without the kernel's copy, and backing up a large image does not evict the host's page
 * cache. Other reads, and every read where the file system refuses {@code O_DIRECT}, go through the page cache. The
 * system property {@value #DIRECT_READ_PROPERTY}{@code =false} turns direct reads off.
 */
public final class FileImageSource implements ImageSource {
    /** System property: {@code false} turns off {@code O_DIRECT} reads of images (default on). */
    public static final String DIRECT_READ_PROPERTY = "ironcore.datastore.directRead";

    private final String name;
    private final FileChannel channel;
    private final long size;
    private final DirtyBitmap bitmap;
    /** Opened with O_DIRECT, or null. */
    private final FileChannel direct;
    private final int alignment;
    private volatile boolean directUsable;

    private FileImageSource(String name, Path file, Long size, DirtyBitmap bitmap, boolean noFollow)
            throws IOException {
        this.name = Names.checkImageName(name);
        OpenOption[] read = noFollow ? new OpenOption[] {StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS}
                : new OpenOption[] {StandardOpenOption.READ};
        this.channel = FileChannel.open(file, read);
        long sized;
        try {
            sized = size != null ? size : BlockDevices.sizeOf(file, channel);
        } catch (IOException e) {
            channel.close();
            throw new ImageSizeUnknownException("size of " + file + " unknown: " + e.getMessage(), e);
        }
        this.size = sized;
        this.bitmap = bitmap;
        int align = 0;
        FileChannel d = null;
        if (!"false".equalsIgnoreCase(System.getProperty(DIRECT_READ_PROPERTY, "true"))) {
            try {
                long bs = Files.getFileStore(file).getBlockSize();
                if (bs > 0 && bs <= 1024 * 1024 && Long.bitCount(bs) == 1) {
                    align = (int) bs;
                    d = noFollow ? FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS,
                            ExtendedOpenOption.DIRECT)
                            : FileChannel.open(file, StandardOpenOption.READ, ExtendedOpenOption.DIRECT);
                }
            } catch (IOException | UnsupportedOperationException e) {
                d = null; // e.g. tmpfs before Linux 6.6, some FUSE file systems: buffered reads only
            }
        }
        this.direct = d;
        this.alignment = align;
        this.directUsable = d != null;
    }

    /** A plain file source (no bitmap: an incremental backup reads everything and compares digests). */
    public static FileImageSource open(String name, Path file) throws IOException {
        return new FileImageSource(name, file, null, null, false);
    }

    /**
     * A plain file source on a path whose links the caller has resolved already ({@link Path#toRealPath}): a symbolic
     * link put in its place since then is not followed (the open fails), so a check of the real path holds.
     */
    public static FileImageSource openResolved(String name, Path realFile) throws IOException {
        return new FileImageSource(name, realFile, null, null, true);
    }

    /** A file source whose caller knows which blocks changed since {@code bitmap.basedOn()}. */
    public static FileImageSource open(String name, Path file, DirtyBitmap bitmap) throws IOException {
        return new FileImageSource(name, file, null, Objects.requireNonNull(bitmap, "bitmap"), false);
    }

    /** A source with an explicit size (the caller knows better than the OS, or reads only a prefix). */
    public static FileImageSource open(String name, Path file, long size, DirtyBitmap bitmapOrNull) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("negative size");
        }
        return new FileImageSource(name, file, size, bitmapOrNull, false);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int read(long position, ByteBuffer dst) throws IOException {
        if (directUsable && aligned(position, dst)) {
            try {
                return direct.read(dst, position);
            } catch (IOException e) {
                // the file system accepted O_DIRECT at open but refuses the read: use the page cache from now on
                directUsable = false;
            }
        }
        return channel.read(dst, position);
    }

    /** True if this read can bypass the page cache: position, length and buffer address block-aligned. */
    boolean aligned(long position, ByteBuffer dst) {
        int rem = dst.remaining();
        return alignment > 0 && dst.isDirect() && rem > 0 && position % alignment == 0 && rem % alignment == 0
                && dst.alignmentOffset(dst.position(), alignment) == 0;
    }

    /** True if aligned reads bypass the page cache. */
    boolean directReads() {
        return directUsable;
    }

    /** Positional reads of a {@link FileChannel} are safe from several threads at once. */
    @Override
    public boolean concurrentReads() {
        return true;
    }

    @Override
    public Optional<DirtyBitmap> dirtyBitmap() {
        return Optional.ofNullable(bitmap);
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            if (direct != null) {
                direct.close();
            }
        }
    }
}
