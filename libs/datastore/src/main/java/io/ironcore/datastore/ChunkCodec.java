package io.ironcore.datastore;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.zip.CRC32C;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encodes and decodes chunk blobs (format: docs/design/datastore-format.md, section 4). One instance per thread:
 * it owns its digest, zstd contexts, cipher and buffers.
 */
final class ChunkCodec implements AutoCloseable {
    static final int HEADER = 16;
    static final int NONCE = 12;
    static final int TAG = 16;
    static final byte[] MAGIC = {'I', 'C', 'C', 'K'};
    static final int VERSION = 1;
    static final int FLAG_ZSTD = 1;
    static final int FLAG_ENCRYPTED = 2;
    static final int PROBE_SAMPLE = 16 * 1024;
    static final int PROBE_MIN_CHUNK = 256 * 1024;

    private static final byte[] ZEROS = new byte[64 * 1024];
    private static final ByteBuffer ZERO_BUFFER = ByteBuffer.allocateDirect(ZEROS.length).asReadOnlyBuffer();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Immutable settings shared by all codecs of a datastore. */
    record Settings(int maxChunkSize, boolean compress, int zstdLevel, boolean probe, byte[] encKey, byte[] idKey) {
        boolean encrypted() {
            return encKey != null;
        }

        static int maxBlobSize(int chunkLen) {
            return HEADER + NONCE + TAG + (int) Zstd.compressBound(chunkLen);
        }
    }

    private final Settings settings;
    private final MessageDigest sha256;
    private final Mac hmac;
    private final Cipher cipher;
    private final SecretKeySpec encKey;
    private final CRC32C crc = new CRC32C();
    private ZstdCompressCtx cctx;
    private ZstdDecompressCtx dctx;
    private byte[] out;
    private byte[] comp;
    private byte[] probe;
    private byte[] readBuf;
    private byte[] plainBuf;
    private byte[] encIn;
    private ByteBuffer outDirect;
    private ByteBuffer probeDirect;
    /** True if the last {@link #encode} left the payload in the caller's data array (raw, unencrypted). */
    private boolean passthrough;
    /** True if the last {@link #encode(Digest, ByteBuffer, int)} left the blob in {@link #outDirect}. */
    private boolean directResult;

    ChunkCodec(Settings settings) {
        this.settings = settings;
        try {
            if (settings.encrypted()) {
                hmac = Mac.getInstance("HmacSHA256");
                hmac.init(new SecretKeySpec(settings.idKey(), "HmacSHA256"));
                cipher = Cipher.getInstance("AES/GCM/NoPadding");
                encKey = new SecretKeySpec(settings.encKey(), "AES");
                sha256 = null;
            } else {
                sha256 = MessageDigest.getInstance("SHA-256");
                hmac = null;
                cipher = null;
                encKey = null;
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean isZero(byte[] data, int len) {
        for (int off = 0; off < len; off += ZEROS.length) {
            int n = Math.min(ZEROS.length, len - off);
            if (Arrays.mismatch(data, off, off + n, ZEROS, 0, n) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** Zero check of {@code data[0..len)} (absolute, the buffer's position is ignored); vectorised. */
    static boolean isZero(ByteBuffer data, int len) {
        for (int off = 0; off < len; off += ZEROS.length) {
            int n = Math.min(ZEROS.length, len - off);
            if (data.slice(off, n).mismatch(ZERO_BUFFER.slice(0, n)) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** Digest of {@code data[0..len)} (absolute, the buffer's position is ignored). */
    Digest digest(ByteBuffer data, int len) {
        if (data.hasArray()) {
            return digest(data.array(), data.arrayOffset(), len);
        }
        ByteBuffer b = data.slice(0, len);
        if (hmac != null) {
            hmac.update(b);
            return Digest.of(hmac.doFinal(), 0);
        }
        sha256.update(b);
        return Digest.of(sha256.digest(), 0);
    }

    Digest digest(byte[] data, int off, int len) {
        if (hmac != null) {
            hmac.update(data, off, len);
            return Digest.of(hmac.doFinal(), 0);
        }
        sha256.update(data, off, len);
        return Digest.of(sha256.digest(), 0);
    }

    Digest zeroDigest(int len) {
        for (int off = 0; off < len; off += ZEROS.length) {
            int n = Math.min(ZEROS.length, len - off);
            if (hmac != null) {
                hmac.update(ZEROS, 0, n);
            } else {
                sha256.update(ZEROS, 0, n);
            }
        }
        return Digest.of(hmac != null ? hmac.doFinal() : sha256.digest(), 0);
    }

    /**
     * Encodes a chunk. Returns the blob length. The header is always in {@link #out()} at 0..16; if
     * {@link #passthrough()} the payload is {@code data[0..len)}, else the whole blob is {@code out()[0..result)}.
     */
    int encode(Digest digest, byte[] data, int len) {
        byte[] o = outBuffer(len);
        int flags = 0;
        byte[] payload = data;
        int payloadLen = len;
        if (settings.compress() && len > 0 && worthCompressing(data, len)) {
            byte[] target = settings.encrypted() ? compBuffer(len) : o;
            int targetOff = settings.encrypted() ? 0 : HEADER;
            int n = cctx().compressByteArray(target, targetOff, target.length - targetOff, data, 0, len);
            if (n < len) {
                flags |= FLAG_ZSTD;
                payload = target;
                payloadLen = n;
            }
        }
        int blobLen;
        if (settings.encrypted()) {
            flags |= FLAG_ENCRYPTED;
            writeHeader(o, flags, len);
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            System.arraycopy(nonce, 0, o, HEADER, NONCE);
            try {
                cipher.init(Cipher.ENCRYPT_MODE, encKey, new GCMParameterSpec(TAG * 8, nonce));
                cipher.updateAAD(aad(o, digest));
                int n = cipher.doFinal(payload, 0, payloadLen, o, HEADER + NONCE);
                blobLen = HEADER + NONCE + n;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("chunk encryption failed", e);
            }
            passthrough = false;
        } else {
            writeHeader(o, flags, len);
            passthrough = (flags & FLAG_ZSTD) == 0;
            blobLen = HEADER + payloadLen;
        }
        crc.reset();
        if (passthrough) {
            crc.update(data, 0, len);
        } else {
            crc.update(o, HEADER, blobLen - HEADER);
        }
        putInt(o, 8, (int) crc.getValue());
        return blobLen;
    }

    byte[] out() {
        return out;
    }

    /**
     * Encodes {@code data[0..len)} (absolute; a direct buffer is compressed and checksummed in place, without copies).
     * Returns the blob length; {@link #blob} gives the bytes to write.
     */
    int encode(Digest digest, ByteBuffer data, int len) {
        if (settings.encrypted() || !data.isDirect()) {
            // AES-GCM (and heap buffers) take the array path; the copy is small next to the cipher
            byte[] in = encIn == null || encIn.length < len ? (encIn = new byte[Math.max(len, 1)]) : encIn;
            data.get(0, in, 0, len);
            directResult = false;
            return encode(digest, in, len);
        }
        directResult = true;
        ByteBuffer o = outDirectBuffer(len);
        int flags = 0;
        int payloadLen = len;
        if (settings.compress() && len > 0 && worthCompressing(data, len)) {
            int n = cctx().compressDirectByteBuffer(o, HEADER, o.capacity() - HEADER, data, 0, len);
            if (n < len) {
                flags |= FLAG_ZSTD;
                payloadLen = n;
            }
        }
        o.put(0, MAGIC);
        o.put(4, (byte) VERSION);
        o.put(5, (byte) flags);
        o.put(6, (byte) 0);
        o.put(7, (byte) 0);
        o.putInt(12, len);
        passthrough = (flags & FLAG_ZSTD) == 0;
        crc.reset();
        crc.update(passthrough ? data.slice(0, len) : o.slice(HEADER, payloadLen));
        o.putInt(8, (int) crc.getValue());
        return HEADER + payloadLen;
    }

    /** The blob of the last {@link #encode(Digest, ByteBuffer, int)} of {@code data[0..len)}, for a gathering write. */
    ByteBuffer[] blob(ByteBuffer data, int len, int blobLen) {
        if (!directResult) {
            return passthrough
                    ? new ByteBuffer[]{ByteBuffer.wrap(out, 0, HEADER), ByteBuffer.wrap(encIn, 0, len)}
                    : new ByteBuffer[]{ByteBuffer.wrap(out, 0, blobLen)};
        }
        return passthrough
                ? new ByteBuffer[]{outDirect.slice(0, HEADER), data.slice(0, len)}
                : new ByteBuffer[]{outDirect.slice(0, blobLen)};
    }

    /**
     * The blob of the last {@link #encode(Digest, ByteBuffer, int)} of {@code data[0..len)} as one page-aligned
     * buffer padded to a multiple of {@code alignment} (position 0, limit the padded length; the bytes after the blob
     * are undefined), for an {@code O_DIRECT} write; null if the last encode did not leave it in a direct buffer with
     * room for the padding. A raw chunk's bytes are copied behind the header.
     */
    ByteBuffer paddedBlob(ByteBuffer data, int len, int blobLen, int alignment) {
        if (!directResult) {
            return null;
        }
        int padded = (blobLen + alignment - 1) / alignment * alignment;
        if (padded > outDirect.capacity()) {
            return null;
        }
        if (passthrough) {
            outDirect.put(HEADER, data, 0, len);
        }
        return outDirect.slice(0, padded);
    }

    private ByteBuffer outDirectBuffer(int len) {
        // room for the blob padded to a page for an O_DIRECT write (paddedBlob)
        int need = HEADER + (int) Zstd.compressBound(len) + DirectBuffers.ALIGNMENT;
        if (outDirect == null || outDirect.capacity() < need) {
            DirectBuffers.release(outDirect);
            // sized for the next power of two, so a short last chunk and full chunks share one pooled size
            int sizeClass = Math.max(64 * 1024, Integer.highestOneBit(Math.max(len, 1) - 1) << 1);
            outDirect = DirectBuffers.borrow(HEADER + (int) Zstd.compressBound(Math.max(sizeClass, len))
                    + DirectBuffers.ALIGNMENT);
        }
        return outDirect;
    }

    private boolean worthCompressing(ByteBuffer data, int len) {
        if (!settings.probe() || len < PROBE_MIN_CHUNK) {
            return true;
        }
        if (probeDirect == null) {
            probeDirect = DirectBuffers.borrow((int) Zstd.compressBound(PROBE_SAMPLE));
        }
        long in = 0;
        long outBytes = 0;
        for (int k = 0; k < 4; k++) {
            int off = (int) ((long) len * k / 4);
            int n = Math.min(PROBE_SAMPLE, len - off);
            outBytes += cctx().compressDirectByteBuffer(probeDirect, 0, probeDirect.capacity(), data, off, n);
            in += n;
        }
        return outBytes < in * 97 / 100;
    }

    boolean passthrough() {
        return passthrough;
    }

    private boolean worthCompressing(byte[] data, int len) {
        if (!settings.probe() || len < PROBE_MIN_CHUNK) {
            return true;
        }
        byte[] p = probe == null ? (probe = new byte[(int) Zstd.compressBound(PROBE_SAMPLE)]) : probe;
        long in = 0;
        long outBytes = 0;
        for (int k = 0; k < 4; k++) {
            int off = (int) ((long) len * k / 4);
            int n = Math.min(PROBE_SAMPLE, len - off);
            outBytes += cctx().compressByteArray(p, 0, p.length, data, off, n);
            in += n;
        }
        return outBytes < in * 97 / 100;
    }

    /** Decodes a blob into {@link #plain()}; checks header, CRC, tag and (if requested) the digest. */
    int decode(Digest expected, byte[] blob, int blobLen, int expectedLen, boolean verifyDigest)
            throws CorruptChunkException {
        String hex = expected.hex();
        if (blobLen < HEADER || !Arrays.equals(blob, 0, 4, MAGIC, 0, 4)) {
            throw new CorruptChunkException(hex, "chunk " + hex + ": bad magic or truncated header");
        }
        if ((blob[4] & 0xff) != VERSION) {
            throw new CorruptChunkException(hex, "chunk " + hex + ": unknown blob version " + (blob[4] & 0xff));
        }
        int flags = blob[5] & 0xff;
        if ((flags & ~(FLAG_ZSTD | FLAG_ENCRYPTED)) != 0 || blob[6] != 0 || blob[7] != 0) {
            throw new CorruptChunkException(hex, "chunk " + hex + ": bad flags");
        }
        crc.reset();
        crc.update(blob, HEADER, blobLen - HEADER);
        if ((int) crc.getValue() != getInt(blob, 8)) {
            throw new CorruptChunkException(hex, "chunk " + hex + ": CRC-32C mismatch");
        }
        int len = getInt(blob, 12);
        if (len < 0 || len > settings.maxChunkSize() || (expectedLen >= 0 && len != expectedLen)) {
            throw new CorruptChunkException(hex, "chunk " + hex + ": unexpected length " + len);
        }
        boolean encrypted = (flags & FLAG_ENCRYPTED) != 0;
        if (encrypted != settings.encrypted()) {
            throw new CorruptChunkException(hex, "chunk " + hex + (encrypted ? ": encrypted chunk in a plain datastore"
                    : ": unencrypted chunk in an encrypted datastore"));
        }
        byte[] payload = blob;
        int payloadOff = HEADER;
        int payloadLen = blobLen - HEADER;
        byte[] plain = plainBuffer(len);
        if (encrypted) {
            if (payloadLen < NONCE + TAG) {
                throw new CorruptChunkException(hex, "chunk " + hex + ": truncated");
            }
            byte[] target = (flags & FLAG_ZSTD) != 0 ? compBuffer(Math.max(len, payloadLen)) : plain;
            try {
                cipher.init(Cipher.DECRYPT_MODE, encKey, new GCMParameterSpec(TAG * 8, blob, HEADER, NONCE));
                cipher.updateAAD(aad(blob, expected));
                payloadLen = cipher.doFinal(blob, HEADER + NONCE, payloadLen - NONCE, target, 0);
            } catch (AEADBadTagException e) {
                throw new CorruptChunkException(hex, "chunk " + hex + ": authentication failed (wrong key or tampered)", e);
            } catch (GeneralSecurityException e) {
                throw new CorruptChunkException(hex, "chunk " + hex + ": decryption failed", e);
            }
            payload = target;
            payloadOff = 0;
        }
        if ((flags & FLAG_ZSTD) != 0) {
            int n;
            try {
                n = dctx().decompressByteArray(plain, 0, plain.length, payload, payloadOff, payloadLen);
            } catch (RuntimeException e) {
                throw new CorruptChunkException(hex, "chunk " + hex + ": zstd frame is corrupt", e);
            }
            if (n != len) {
                throw new CorruptChunkException(hex, "chunk " + hex + ": decompressed to " + n + " bytes, expected " + len);
            }
        } else {
            if (payloadLen != len) {
                throw new CorruptChunkException(hex, "chunk " + hex + ": payload length mismatch");
            }
            if (payload != plain) {
                System.arraycopy(payload, payloadOff, plain, 0, len);
            }
        }
        if (verifyDigest && !digest(plain, 0, len).equals(expected)) {
            throw new CorruptChunkException(hex, "chunk " + hex + ": content does not match its digest");
        }
        return len;
    }

    byte[] plain() {
        return plainBuf;
    }

    /** A read buffer of at least {@code capacity} bytes (grows, never shrinks). */
    byte[] readBuffer(int capacity) {
        if (readBuf == null || readBuf.length < capacity) {
            readBuf = new byte[capacity];
        }
        return readBuf;
    }

    private byte[] plainBuffer(int capacity) {
        if (plainBuf == null || plainBuf.length < capacity) {
            plainBuf = new byte[capacity];
        }
        return plainBuf;
    }

    private byte[] outBuffer(int len) {
        int need = HEADER + NONCE + TAG + (int) Zstd.compressBound(len);
        if (out == null || out.length < need) {
            out = new byte[need];
        }
        return out;
    }

    private byte[] compBuffer(int len) {
        int need = (int) Zstd.compressBound(len);
        if (comp == null || comp.length < need) {
            comp = new byte[need];
        }
        return comp;
    }

    private ZstdCompressCtx cctx() {
        if (cctx == null) {
            cctx = new ZstdCompressCtx();
            cctx.setLevel(settings.zstdLevel());
            cctx.setChecksum(false);
        }
        return cctx;
    }

    private ZstdDecompressCtx dctx() {
        if (dctx == null) {
            dctx = new ZstdDecompressCtx();
        }
        return dctx;
    }

    private static byte[] aad(byte[] header, Digest digest) {
        byte[] aad = new byte[12 + Digest.LENGTH];
        System.arraycopy(header, 0, aad, 0, 8);
        System.arraycopy(header, 12, aad, 8, 4);
        digest.copyTo(aad, 12);
        return aad;
    }

    private static void writeHeader(byte[] o, int flags, int len) {
        System.arraycopy(MAGIC, 0, o, 0, 4);
        o[4] = (byte) VERSION;
        o[5] = (byte) flags;
        o[6] = 0;
        o[7] = 0;
        putInt(o, 12, len);
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static int getInt(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
    }

    @Override
    public void close() {
        DirectBuffers.release(outDirect);
        DirectBuffers.release(probeDirect);
        outDirect = null;
        probeDirect = null;
        if (cctx != null) {
            cctx.close();
        }
        if (dctx != null) {
            dctx.close();
        }
    }
}
