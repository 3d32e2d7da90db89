package io.ironcore.eventing.metrics;

import io.prometheus.client.Collector;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * UTF-8 text in pieces of at most 64 KiB, so that 20 MB of series are never one array (nor copied to grow one), with
 * the escaping of Prometheus' text format. Full-size pieces come from a {@link ChunkPool} and go back to it once the
 * text has been sent, so a scrape of a large fleet allocates next to nothing.
 */
final class TextBuffer {
    static final int CHUNK = 64 * 1024;
    /** The most a single write reserves: longer strings are written byte by byte. */
    private static final int LARGEST_RESERVE = CHUNK / 4;

    private final ChunkPool pool;
    private final List<byte[]> sealed = new ArrayList<>();
    private final List<Integer> sealedLengths = new ArrayList<>();
    private byte[] current = new byte[256];
    private int pos;
    private long size;

    TextBuffer(ChunkPool pool) {
        this.pool = pool;
    }

    TextBuffer bytes(byte[] b) {
        if (b.length > LARGEST_RESERVE) {
            for (int from = 0; from < b.length; from += LARGEST_RESERVE) {
                int n = Math.min(LARGEST_RESERVE, b.length - from);
                reserve(n);
                System.arraycopy(b, from, current, pos, n);
                pos += n;
                size += n;
            }
            return this;
        }
        reserve(b.length);
        System.arraycopy(b, 0, current, pos, b.length);
        pos += b.length;
        size += b.length;
        return this;
    }

    /** A string known to be ASCII (metric and label names, numbers). */
    TextBuffer ascii(String s) {
        int n = s.length();
        if (n > LARGEST_RESERVE) {
            for (int i = 0; i < n; i++) {
                put((byte) s.charAt(i));
            }
            return this;
        }
        reserve(n);
        byte[] c = current;
        int p = pos;
        for (int i = 0; i < n; i++) {
            c[p++] = (byte) s.charAt(i);
        }
        pos = p;
        size += n;
        return this;
    }

    /** Backslash and newline escaped, and the double quote too when {@code quote}; the rest as UTF-8. */
    TextBuffer escaped(String s, boolean quote) {
        int n = s.length();
        if (n * 4 > LARGEST_RESERVE) {
            return escapedSlowly(s, quote);
        }
        reserve(n * 4); // the most one char takes: 2 escaped, 3 in UTF-8, or 4 for a surrogate pair of two
        byte[] c = current;
        int p = pos;
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (ch < 0x80) {
                if (ch == '\\' || ch == '"' && quote) {
                    c[p++] = '\\';
                    c[p++] = (byte) ch;
                } else if (ch == '\n') {
                    c[p++] = '\\';
                    c[p++] = 'n';
                } else {
                    c[p++] = (byte) ch;
                }
            } else if (ch < 0x800) {
                c[p++] = (byte) (0xC0 | ch >> 6);
                c[p++] = (byte) (0x80 | ch & 0x3F);
            } else if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(ch, s.charAt(++i));
                c[p++] = (byte) (0xF0 | cp >> 18);
                c[p++] = (byte) (0x80 | cp >> 12 & 0x3F);
                c[p++] = (byte) (0x80 | cp >> 6 & 0x3F);
                c[p++] = (byte) (0x80 | cp & 0x3F);
            } else if (Character.isSurrogate(ch)) {
                c[p++] = '?'; // as String.getBytes(UTF_8) writes a lone surrogate
            } else {
                c[p++] = (byte) (0xE0 | ch >> 12);
                c[p++] = (byte) (0x80 | ch >> 6 & 0x3F);
                c[p++] = (byte) (0x80 | ch & 0x3F);
            }
        }
        size += p - pos;
        pos = p;
        return this;
    }

    /** As Go writes a double ({@link Collector#doubleToGoString}); whole numbers below 10^7 without a String. */
    TextBuffer number(double d) {
        long whole = (long) d;
        if (whole != d || Math.abs(whole) >= 10_000_000L || whole == 0 && Double.doubleToRawLongBits(d) != 0) {
            return ascii(Collector.doubleToGoString(d));
        }
        reserve(11); // "-9999999.0"
        int start = pos;
        if (whole < 0) {
            current[pos++] = '-';
            whole = -whole;
        }
        int digits = 1;
        for (long rest = whole; rest >= 10; rest /= 10) {
            digits++;
        }
        for (int i = pos + digits - 1; i >= pos; i--) {
            current[i] = (byte) ('0' + whole % 10);
            whole /= 10;
        }
        pos += digits;
        current[pos++] = '.';
        current[pos++] = '0';
        size += pos - start;
        return this;
    }

    long size() {
        return size;
    }

    /** The text so far, in order; the buffers share this one's arrays. */
    List<ByteBuffer> chunks() {
        List<ByteBuffer> all = new ArrayList<>(sealed.size() + 1);
        for (int i = 0; i < sealed.size(); i++) {
            all.add(ByteBuffer.wrap(sealed.get(i), 0, sealedLengths.get(i)).asReadOnlyBuffer());
        }
        if (pos > 0) {
            all.add(ByteBuffer.wrap(current, 0, pos).asReadOnlyBuffer());
        }
        return all;
    }

    /** The text so far as one array, and forgets it: the buffer is empty after, and may be written again. */
    byte[] take() {
        byte[] all = new byte[Math.toIntExact(size)];
        int at = 0;
        for (int i = 0; i < sealed.size(); i++) {
            System.arraycopy(sealed.get(i), 0, all, at, sealedLengths.get(i));
            at += sealedLengths.get(i);
            pool.give(sealed.get(i));
        }
        System.arraycopy(current, 0, all, at, pos);
        sealed.clear();
        sealedLengths.clear();
        pos = 0;
        size = 0;
        return all;
    }

    /** Gives the full-size pieces back to the pool; nothing may be written or read after. */
    void release() {
        for (byte[] b : sealed) {
            pool.give(b);
        }
        pool.give(current);
        sealed.clear();
        sealedLengths.clear();
        current = new byte[0];
        pos = 0;
    }

    /** A long string in slices that fit a reservation, never between the two halves of a surrogate pair. */
    private TextBuffer escapedSlowly(String s, boolean quote) {
        int step = LARGEST_RESERVE / 4;
        for (int i = 0, n = s.length(); i < n; ) {
            int end = Math.min(n, i + step);
            if (end < n && Character.isHighSurrogate(s.charAt(end - 1))) {
                end--;
            }
            escaped(s.substring(i, end), quote);
            i = end;
        }
        return this;
    }

    private void put(byte b) {
        reserve(1);
        current[pos++] = b;
        size++;
    }

    /** Room for {@code n} more bytes in the current piece: grows a small one, or starts the next. */
    private void reserve(int n) {
        if (pos + n <= current.length) {
            return;
        }
        if (current.length < CHUNK && pos + n <= CHUNK) {
            current = Arrays.copyOf(current, Math.min(CHUNK, Math.max(pos + n, current.length * 4)));
            return;
        }
        if (pos > 0) {
            sealed.add(current);
            sealedLengths.add(pos);
        } else {
            pool.give(current);
        }
        current = pool.take();
        pos = 0;
    }
}
