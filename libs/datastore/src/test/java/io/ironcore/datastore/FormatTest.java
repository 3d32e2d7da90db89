package io.ironcore.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** Chunk blob and index encodings in isolation. */
class FormatTest {

    private static ChunkCodec codec(boolean compress, EncryptionKey key) {
        return new ChunkCodec(new ChunkCodec.Settings(FixedIndex.MAX_CHUNK, compress, 1, true,
                key == null ? null : key.derive(EncryptionKey.INFO_ENC),
                key == null ? null : key.derive(EncryptionKey.INFO_ID)));
    }

    private static byte[] blob(ChunkCodec c, Digest d, byte[] data) {
        int n = c.encode(d, data, data.length);
        if (c.passthrough()) {
            byte[] b = Arrays.copyOf(c.out(), ChunkCodec.HEADER + data.length);
            System.arraycopy(data, 0, b, ChunkCodec.HEADER, data.length);
            return b;
        }
        return Arrays.copyOf(c.out(), n);
    }

    @Test
    void everyFlagCombinationRoundTrips() throws Exception {
        EncryptionKey key = EncryptionKey.generate();
        byte[][] inputs = {TestSupport.text(1, 300_000), TestSupport.random(2, 300_000), new byte[0],
                new byte[4096]};
        for (boolean compress : new boolean[]{false, true}) {
            for (EncryptionKey k : new EncryptionKey[]{null, key}) {
                try (ChunkCodec enc = codec(compress, k); ChunkCodec dec = codec(compress, k)) {
                    for (byte[] data : inputs) {
                        Digest d = enc.digest(data, 0, data.length);
                        byte[] b = blob(enc, d, data);
                        int len = dec.decode(d, b, b.length, data.length, true);
                        assertThat(Arrays.copyOf(dec.plain(), len)).isEqualTo(data);
                        int flags = b[5];
                        assertThat((flags & ChunkCodec.FLAG_ENCRYPTED) != 0).isEqualTo(k != null);
                        if (!compress) {
                            assertThat(flags & ChunkCodec.FLAG_ZSTD).isZero();
                        }
                    }
                }
            }
        }
    }

    @Test
    void zeroDigestMatchesTheDigestOfZeros() {
        EncryptionKey key = EncryptionKey.generate();
        for (EncryptionKey k : new EncryptionKey[]{null, key}) {
            try (ChunkCodec c = codec(true, k)) {
                for (int len : new int[]{1, 100, 65536, 65537, 200_000}) {
                    assertThat(c.zeroDigest(len)).isEqualTo(c.digest(new byte[len], 0, len));
                }
            }
        }
        assertThat(ChunkCodec.isZero(new byte[200_000], 200_000)).isTrue();
        byte[] almost = new byte[200_000];
        almost[199_999] = 1;
        assertThat(ChunkCodec.isZero(almost, 200_000)).isFalse();
        assertThat(ChunkCodec.isZero(almost, 199_999)).isTrue();
    }

    @Test
    void encryptedChunkIsBoundToItsName() throws Exception {
        EncryptionKey key = EncryptionKey.generate();
        try (ChunkCodec c = codec(true, key)) {
            byte[] a = TestSupport.text(3, 100_000);
            Digest da = c.digest(a, 0, a.length);
            byte[] b = blob(c, da, a);
            Digest other = c.digest(new byte[]{1}, 0, 1);
            assertThatThrownBy(() -> c.decode(other, b, b.length, a.length, false))
                    .isInstanceOf(CorruptChunkException.class).hasMessageContaining("authentication failed");
            // the same plaintext encrypted twice uses fresh nonces
            byte[] b2 = blob(c, da, a);
            assertThat(Arrays.copyOfRange(b2, 16, 28)).isNotEqualTo(Arrays.copyOfRange(b, 16, 28));
            // a plain codec refuses an encrypted blob and vice versa
            try (ChunkCodec plain = codec(true, null)) {
                assertThatThrownBy(() -> plain.decode(da, b, b.length, a.length, false))
                        .isInstanceOf(CorruptChunkException.class).hasMessageContaining("encrypted chunk");
            }
            // a different key fails the tag
            try (ChunkCodec wrong = codec(true, EncryptionKey.generate())) {
                assertThatThrownBy(() -> wrong.decode(da, b, b.length, a.length, false))
                        .isInstanceOf(CorruptChunkException.class);
            }
        }
    }

    @Test
    void decodeChecksLengthsAndHeader() {
        try (ChunkCodec c = codec(true, null)) {
            byte[] a = TestSupport.text(4, 70_000);
            Digest d = c.digest(a, 0, a.length);
            byte[] b = blob(c, d, a);
            assertThatThrownBy(() -> c.decode(d, b, b.length, a.length + 1, true))
                    .hasMessageContaining("unexpected length");
            byte[] v2 = b.clone();
            v2[4] = 2;
            assertThatThrownBy(() -> c.decode(d, v2, v2.length, a.length, true)).hasMessageContaining("version");
            byte[] fl = b.clone();
            fl[5] |= 0x10;
            assertThatThrownBy(() -> c.decode(d, fl, fl.length, a.length, true)).hasMessageContaining("flags");
            assertThatThrownBy(() -> c.decode(d, b, 8, a.length, true)).hasMessageContaining("truncated");
        }
    }

    @Test
    void indexRoundTripAndValidation() throws Exception {
        int cs = 64 * 1024;
        long size = 3L * cs + 5;
        byte[] digests = TestSupport.random(5, 4 * Digest.LENGTH);
        FixedIndex idx = new FixedIndex(cs, size, true, digests);
        byte[] file = idx.encode();
        assertThat(file).hasSize(FixedIndex.HEADER + 4 * 32 + 32);
        assertThat(new String(file, 0, 6, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("ICFIDX");
        FixedIndex back = FixedIndex.decode(file, "t");
        assertThat(back.count()).isEqualTo(4);
        assertThat(back.chunkLength(3)).isEqualTo(5);
        assertThat(back.keyed).isTrue();
        assertThat(back.digest(2)).isEqualTo(Digest.of(digests, 64));

        byte[] truncated = Arrays.copyOf(file, file.length - 1);
        assertThatThrownBy(() -> FixedIndex.decode(truncated, "t")).isInstanceOf(CorruptChunkException.class);
        byte[] flipped = file.clone();
        flipped[FixedIndex.HEADER] ^= 1;
        assertThatThrownBy(() -> FixedIndex.decode(flipped, "t")).hasMessageContaining("checksum");
        assertThatThrownBy(() -> new FixedIndex(cs, size, false, new byte[3 * 32]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FixedIndex(1000, 0, false, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DatastoreOptions.builder().chunkSize(100 * 1024 + 1).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hkdfMatchesRfc5869TestCase3() {
        // RFC 5869 test case 3: IKM = 22 x 0x0b, empty salt and info, first 32 bytes of OKM
        byte[] ikm = new byte[22];
        Arrays.fill(ikm, (byte) 0x0b);
        assertThat(java.util.HexFormat.of().formatHex(EncryptionKey.hkdf(ikm, new byte[0])))
                .isEqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d");
    }
}
