package io.ironcore.datastore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Sizes of block devices (LVM volumes, zvols, RBD and loop devices). {@link FileChannel#size()} reports 0 for them on
 * JDK 17 (it answers the inode's {@code st_size}), which would back a disk up as an empty image. Linux tells the size
 * in {@code /sys/dev/block/MAJOR:MINOR/size} (in 512-byte sectors, whatever the device's block size); elsewhere, or
 * when sysfs is not mounted, the end is found by reading single bytes (a binary search: about 2 × log2(size) reads).
 */
public final class BlockDevices {
    private static final int S_IFMT = 0170000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFREG = 0100000;
    private static final Path SYSFS = Path.of("/sys/dev/block");

    private BlockDevices() {
    }

    /** True if {@code path} (links followed) is a block device; false also where the OS does not say. */
    public static boolean isBlockDevice(Path path) {
        return type(path) == S_IFBLK;
    }

    /** True if {@code path} (links followed) is a regular file. */
    public static boolean isRegularFile(Path path) {
        int t = type(path);
        return t == S_IFREG || (t < 0 && Files.isRegularFile(path));
    }

    private static int type(Path path) {
        try {
            return ((Integer) Files.getAttribute(path, "unix:mode")) & S_IFMT;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }

    /** The size Linux' sysfs gives for the block device {@code path}; empty if it is not one or sysfs cannot tell. */
    public static OptionalLong sysfsSize(Path path) {
        if (!isBlockDevice(path)) {
            return OptionalLong.empty();
        }
        try {
            long rdev = (Long) Files.getAttribute(path, "unix:rdev");
            Path size = SYSFS.resolve(major(rdev) + ":" + minor(rdev)).resolve("size");
            long sectors = Long.parseLong(Files.readString(size).trim());
            boolean sane = sectors >= 0 && sectors <= Long.MAX_VALUE / 512;
            return sane ? OptionalLong.of(sectors * 512) : OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** glibc's gnu_dev_major. */
    static long major(long dev) {
        return ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
    }

    /** glibc's gnu_dev_minor. */
    static long minor(long dev) {
        return (dev & 0xff) | ((dev >>> 12) & ~0xffL);
    }

    /** The number of bytes {@code channel} can be read from: the first position whose read answers end of file. */
    public static long probeSize(FileChannel channel) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        if (!readable(channel, 0, one)) {
            return 0;
        }
        long lo = 0;
        long hi = 1;
        while (readable(channel, hi, one)) {
            lo = hi;
            if (hi > Long.MAX_VALUE / 2) {
                throw new IOException("device has no end");
            }
            hi *= 2;
        }
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            if (readable(channel, mid, one)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    private static boolean readable(FileChannel channel, long position, ByteBuffer one) throws IOException {
        one.clear();
        return channel.read(one, position) == 1;
    }

    /** The size of what {@code channel} (opened on {@code path}) reads: sysfs or a probe for a block device. */
    static long sizeOf(Path path, FileChannel channel) throws IOException {
        if (!isBlockDevice(path)) {
            return channel.size();
        }
        OptionalLong sysfs = sysfsSize(path);
        return sysfs.isPresent() ? sysfs.getAsLong() : probeSize(channel);
    }
}
