package io.ironcore.datastore;

import java.util.Arrays;
import java.util.HexFormat;

/** A 32-byte chunk digest (SHA-256 or HMAC-SHA256 of the plaintext). */
final class Digest {
    static final int LENGTH = 32;
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;
    private final int hash;

    private Digest(byte[] bytes) {
        this.bytes = bytes;
        this.hash = (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
    }

    static Digest of(byte[] b) {
        if (b.length != LENGTH) {
            throw new IllegalArgumentException("digest must be 32 bytes");
        }
        return new Digest(b.clone());
    }

    static Digest of(byte[] b, int off) {
        return new Digest(Arrays.copyOfRange(b, off, off + LENGTH));
    }

    static Digest parse(String hex) {
        if (hex.length() != 64) {
            throw new IllegalArgumentException("not a digest: " + hex);
        }
        return new Digest(HEX.parseHex(hex));
    }

    static boolean isHex(String s) {
        if (s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    void copyTo(byte[] dst, int off) {
        System.arraycopy(bytes, 0, dst, off, LENGTH);
    }

    boolean equalsAt(byte[] arr, int off) {
        return Arrays.equals(bytes, 0, LENGTH, arr, off, off + LENGTH);
    }

    byte[] bytes() {
        return bytes.clone();
    }

    String hex() {
        return HEX.formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Digest d && Arrays.equals(bytes, d.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return hex();
    }
}
