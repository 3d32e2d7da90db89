package io.ironcore.datastore;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/** The fixed-size chunk index of one image (format: docs/design/datastore-format.md, section 5). */
final class FixedIndex {
    static final byte[] MAGIC = "ICFIDX".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int HEADER = 32;
    static final int FLAG_KEYED = 1;
    static final int MIN_CHUNK = 64 * 1024;
    static final int MAX_CHUNK = 64 * 1024 * 1024;

    final int chunkSize;
    final long imageSize;
    final boolean keyed;
    /** count * 32 bytes of digests. */
    final byte[] digests;

    FixedIndex(int chunkSize, long imageSize, boolean keyed, byte[] digests) {
        checkChunkSize(chunkSize);
        if (imageSize < 0) {
            throw new IllegalArgumentException("negative image size");
        }
        long count = chunkCount(imageSize, chunkSize);
        if (digests.length != count * Digest.LENGTH) {
            throw new IllegalArgumentException("digest array does not match the chunk count");
        }
        this.chunkSize = chunkSize;
        this.imageSize = imageSize;
        this.keyed = keyed;
        this.digests = digests;
    }

    static void checkChunkSize(int chunkSize) {
        if (chunkSize < MIN_CHUNK || chunkSize > MAX_CHUNK || chunkSize % 4096 != 0) {
            throw new IllegalArgumentException(
                    "chunk size must be a multiple of 4 KiB between 64 KiB and 64 MiB: " + chunkSize);
        }
    }

    static long chunkCount(long imageSize, int chunkSize) {
        long count = (imageSize + chunkSize - 1) / chunkSize;
        if (count * Digest.LENGTH > Integer.MAX_VALUE - HEADER - 64) {
            throw new IllegalArgumentException("image too large for this chunk size: " + imageSize);
        }
        return count;
    }

    int count() {
        return digests.length / Digest.LENGTH;
    }

    int chunkLength(int i) {
        long off = (long) i * chunkSize;
        return (int) Math.min(chunkSize, imageSize - off);
    }

    Digest digest(int i) {
        return Digest.of(digests, i * Digest.LENGTH);
    }

    byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(HEADER + digests.length + 32);
        b.put(MAGIC).putShort((short) VERSION).putInt(keyed ? FLAG_KEYED : 0).putInt(chunkSize).putLong(imageSize)
                .putLong(count()).put(digests);
        byte[] arr = b.array();
        byte[] sum = sha256(arr, 0, HEADER + digests.length);
        System.arraycopy(sum, 0, arr, HEADER + digests.length, 32);
        return arr;
    }

    static FixedIndex decode(byte[] file, String what) throws CorruptChunkException {
        if (file.length < HEADER + 32 || !Arrays.equals(file, 0, 6, MAGIC, 0, 6)) {
            throw new CorruptChunkException(null, what + ": not an index file");
        }
        ByteBuffer b = ByteBuffer.wrap(file);
        b.position(6);
        int version = b.getShort() & 0xffff;
        if (version != VERSION) {
            throw new CorruptChunkException(null, what + ": unknown index version " + version);
        }
        byte[] sum = sha256(file, 0, file.length - 32);
        if (!Arrays.equals(sum, 0, 32, file, file.length - 32, file.length)) {
            throw new CorruptChunkException(null, what + ": index checksum mismatch");
        }
        int flags = b.getInt();
        int chunkSize = b.getInt();
        long imageSize = b.getLong();
        long count = b.getLong();
        try {
            checkChunkSize(chunkSize);
            if (imageSize < 0 || count != chunkCount(imageSize, chunkSize)
                    || file.length != HEADER + count * Digest.LENGTH + 32) {
                throw new CorruptChunkException(null, what + ": inconsistent index header");
            }
        } catch (IllegalArgumentException e) {
            throw new CorruptChunkException(null, what + ": " + e.getMessage());
        }
        byte[] digests = Arrays.copyOfRange(file, HEADER, HEADER + (int) count * Digest.LENGTH);
        return new FixedIndex(chunkSize, imageSize, (flags & FLAG_KEYED) != 0, digests);
    }

    static byte[] sha256(byte[] data, int off, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(data, off, len);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
