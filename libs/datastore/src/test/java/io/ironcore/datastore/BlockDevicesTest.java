package io.ironcore.datastore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Block devices are sized through the OS, not by FileChannel.size() (0 for them on JDK 17). */
class BlockDevicesTest {
    @TempDir
    Path dir;

    @Test
    void theProbeFindsTheExactEndOfWhatCanBeRead() throws Exception {
        for (long size : new long[] {0, 1, 2, 511, 512, 4097, (3L << 20) + 17}) {
            Path f = dir.resolve("f" + size);
            try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                raf.setLength(size);
            }
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                assertThat(BlockDevices.probeSize(ch)).as("size %d", size).isEqualTo(size);
            }
        }
    }

    @Test
    void deviceNumbersDecodeLikeGlibc() {
        assertThat(BlockDevices.major(0x0700L)).isEqualTo(7);
        assertThat(BlockDevices.minor(0x0703L)).isEqualTo(3);
        long dev = (259L & 0xfff) << 8 | (1234L & 0xff) | ((1234L & ~0xffL) << 12); // 259:1234 (NVMe partitions)
        assertThat(BlockDevices.major(dev)).isEqualTo(259);
        assertThat(BlockDevices.minor(dev)).isEqualTo(1234);
    }

    @Test
    void aRegularFileIsNoBlockDeviceAndKeepsItsSize() throws Exception {
        Path f = dir.resolve("img");
        Files.write(f, new byte[1000]);
        assertThat(BlockDevices.isBlockDevice(f)).isFalse();
        assertThat(BlockDevices.isRegularFile(f)).isTrue();
        assertThat(BlockDevices.sysfsSize(f)).isEmpty();
        try (FileImageSource s = FileImageSource.open("d", f)) {
            assertThat(s.size()).isEqualTo(1000);
        }
    }

    /** A real block device: a loop device over a file (needs root and losetup; skipped, saying so, without them). */
    @Test
    void aLoopDeviceIsSizedAndReadWhollyThroughFileImageSource() throws Exception {
        Path backing = dir.resolve("backing.img");
        byte[] data = new byte[(5 << 20) + 512 * 3];
        new Random(3).nextBytes(data);
        Files.write(backing, data);
        String loop = attach(backing);
        assumeTrue(loop != null, "losetup -f --show is not possible here (not root, or no loop devices)");
        try {
            Path dev = Path.of(loop);
            assertThat(BlockDevices.isBlockDevice(dev)).isTrue();
            try (FileChannel ch = FileChannel.open(dev, StandardOpenOption.READ)) {
                // ch.size() is 0 here on early JDK 17 builds (17.0.15 answers the device's size): not relied on
                assertThat(BlockDevices.probeSize(ch)).isEqualTo(data.length);
            }
            assertThat(BlockDevices.sysfsSize(dev)).hasValue(data.length);
            try (FileImageSource s = FileImageSource.openResolved("drive-scsi0", dev.toRealPath())) {
                assertThat(s.size()).isEqualTo(data.length);
                ByteBuffer all = ByteBuffer.allocate(data.length);
                while (all.hasRemaining() && s.read(all.position(), all) > 0) {
                    // keep reading
                }
                assertThat(all.array()).isEqualTo(data);
            }
        } finally {
            run("losetup", "-d", loop);
        }
    }

    /** The loop device attached to {@code file}, or null when this machine cannot attach one. */
    static String attach(Path file) {
        try {
            Process p = new ProcessBuilder("losetup", "-f", "--show", file.toString()).redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && out.startsWith("/dev/") ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed");
        }
    }
}
