package io.ironcore.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read limit holds for one and for several reading threads, and reads return the same bytes. */
class RateLimitedSourceTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path tmp;

    @Test
    void readsTheSameBytesNoFasterThanTheLimit() throws Exception {
        byte[] data = TestSupport.random(3, 8 * MIB);
        Path file = TestSupport.write(tmp, "d.img", data);
        try (RateLimitedSource s = new RateLimitedSource(FileImageSource.open("d", file), 16L * MIB)) {
            assertThat(s.name()).isEqualTo("d");
            assertThat(s.size()).isEqualTo(data.length);
            assertThat(s.concurrentReads()).isTrue();
            ByteBuffer buf = ByteBuffer.allocate(MIB);
            byte[] read = new byte[data.length];
            long t0 = System.nanoTime();
            for (int i = 0; i < 8; i++) {
                buf.clear();
                assertThat(s.read((long) i * MIB, buf)).isEqualTo(MIB);
                buf.flip().get(read, i * MIB, MIB);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(read).isEqualTo(data);
            // 8 reads of 1 MiB at 16 MiB/s: the 8th may start 7/16 s after the first
            assertThat(seconds).isGreaterThanOrEqualTo(7.0 / 16 - 0.01);
        }
    }

    @Test
    void threadsReadingAtOnceShareTheLimit() throws Exception {
        byte[] data = TestSupport.random(4, 8 * MIB);
        Path file = TestSupport.write(tmp, "e.img", data);
        try (RateLimitedSource s = new RateLimitedSource(FileImageSource.open("e", file), 16L * MIB)) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            long t0 = System.nanoTime();
            Thread[] threads = new Thread[2];
            for (int t = 0; t < 2; t++) {
                int first = t;
                threads[t] = new Thread(() -> {
                    ByteBuffer buf = ByteBuffer.allocate(MIB);
                    try {
                        for (int i = first; i < 8; i += 2) {
                            buf.clear();
                            s.read((long) i * MIB, buf);
                            assertThat(Arrays.equals(buf.array(), 0, MIB, data, i * MIB, (i + 1) * MIB)).isTrue();
                        }
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                });
                threads[t].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(failure.get()).isNull();
            assertThat((System.nanoTime() - t0) / 1e9).isGreaterThanOrEqualTo(7.0 / 16 - 0.01);
        }
    }

    @Test
    void aLimitMustBePositive() throws Exception {
        Path file = TestSupport.write(tmp, "f.img", new byte[4096]);
        try (FileImageSource src = FileImageSource.open("f", file)) {
            assertThatThrownBy(() -> new RateLimitedSource(src, 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
