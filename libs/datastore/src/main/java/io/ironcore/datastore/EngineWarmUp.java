package io.ironcore.datastore;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Runs the engine's hot paths (zero check, SHA-256 of a direct buffer, zstd, CRC-32C, blob decoding) on a few MiB of
 * synthetic data in a background thread, so that the JIT compiles them (SHA-256 is only fast once C2 has compiled it
 * with its intrinsic) while a short-lived process is still starting up on one core. The offline CLI starts it first
 * thing; a long-running worker does not need it. It never touches a datastore and costs about 0.1 CPU-second.
 */
public final class EngineWarmUp {
    private static final int BUFFER = 1 << 20;
    /** 24 MiB of hashing: enough calls of the JDK's digest paths for C2 to compile them. */
    private static final int HASH_ROUNDS = 24;
    private static final int CODEC_ROUNDS = 6;

    private EngineWarmUp() {
    }

    /** Starts the warm-up in a daemon thread (lowest priority) and returns it. */
    public static Thread startInBackground() {
        return startInBackground(() -> { });
    }

    /**
     * Starts a daemon thread that runs {@code first} (e.g. loading and initialising the caller's own classes while its
     * main thread parses the command line; a failure is ignored) and then the warm-up; returns it.
     */
    public static Thread startInBackground(Runnable first) {
        Thread t = new Thread(() -> {
            try {
                first.run();
            } catch (RuntimeException | LinkageError e) {
                // the main thread meets the same problem and reports it
            }
            run();
        }, "ironcore-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
        return t;
    }

    static void run() {
        ByteBuffer random = DirectBuffers.borrow(BUFFER);
        ByteBuffer text = DirectBuffers.borrow(BUFFER);
        ByteBuffer zero = DirectBuffers.borrow(BUFFER);
        try (ChunkCodec codec = new ChunkCodec(new ChunkCodec.Settings(FixedIndex.MAX_CHUNK, true, 1, true, null,
                null))) {
            SplittableRandom rnd = new SplittableRandom(42);
            for (int i = 0; i < BUFFER; i += 8) {
                random.putLong(i, rnd.nextLong());
            }
            byte[] line = "2026-11-26T08:00:00Z worker-1 backup vm/12345 chunk written\n"
                    .getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < BUFFER; i++) {
                text.put(i, line[i % line.length]);
            }
            for (int i = 0; i < BUFFER; i += 8) {
                zero.putLong(i, 0L);
            }
            for (int r = 0; r < HASH_ROUNDS; r++) {
                ChunkCodec.isZero(zero, BUFFER);
                ChunkCodec.isZero(random, BUFFER);
                codec.digest(random, BUFFER);
            }
            for (int r = 0; r < CODEC_ROUNDS; r++) {
                for (ByteBuffer data : new ByteBuffer[] {text, random}) {
                    Digest d = codec.digest(data, BUFFER);
                    int blobLen = codec.encode(d, data, BUFFER);
                    byte[] blob = new byte[blobLen];
                    int pos = 0;
                    for (ByteBuffer part : codec.blob(data, BUFFER, blobLen)) {
                        int n = part.remaining();
                        part.duplicate().get(blob, pos, n);
                        pos += n;
                    }
                    codec.decode(d, blob, blobLen, BUFFER, true);
                }
            }
        } catch (Exception | LinkageError e) {
            // a warm-up that fails (e.g. no native zstd for this platform) changes nothing: the real run reports it
        } finally {
            DirectBuffers.release(random);
            DirectBuffers.release(text);
            DirectBuffers.release(zero);
        }
    }
}
