package io.ironcore.retention;

import java.util.Arrays;

/**
 * A small open-addressing hash map from {@code long} period keys to {@code int} snapshot
 * indices, with O(1) {@link #clear()} (generation stamps), so a prune pass can reuse it for
 * every rule without boxing or rehashing.
 */
final class LongIntMap {

    static final int ABSENT = -1;

    private long[] keys;
    private int[] values;
    private int[] stamps;
    private int stamp = 1;
    private int size;
    private int mask;

    LongIntMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        allocate(cap);
    }

    private void allocate(int cap) {
        keys = new long[cap];
        values = new int[cap];
        stamps = new int[cap];
        mask = cap - 1;
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
        if (++stamp == Integer.MAX_VALUE) {
            Arrays.fill(stamps, 0);
            stamp = 1;
        }
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29) ^ (h >>> 47));
    }

    /** The value for {@code key}, or {@link #ABSENT}. */
    int get(long key) {
        int i = hash(key) & mask;
        while (stamps[i] == stamp) {
            if (keys[i] == key) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return ABSENT;
    }

    /** Associates {@code value} with {@code key} unless the key is present already; values must be &ge; 0. */
    void putIfAbsent(long key, int value) {
        int i = hash(key) & mask;
        while (stamps[i] == stamp) {
            if (keys[i] == key) {
                return;
            }
            i = (i + 1) & mask;
        }
        stamps[i] = stamp;
        keys[i] = key;
        values[i] = value;
        if (++size * 2 > keys.length) {
            grow();
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        int[] oldStamps = stamps;
        int live = stamp;
        allocate(oldKeys.length * 2);
        stamp = 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldStamps[j] == live) {
                int i = hash(oldKeys[j]) & mask;
                while (stamps[i] == stamp) {
                    i = (i + 1) & mask;
                }
                stamps[i] = stamp;
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
            }
        }
    }
}
