package io.ironcore.retention;

import java.time.Instant;

/** Stable merge sorts of index arrays, without boxing; already-sorted input costs O(n). */
final class IndexSort {

    private IndexSort() {
    }

    /** Indices newest first: descending time, equal times by descending id. */
    static int[] newestFirst(Instant[] times, String[] ids) {
        int n = times.length;
        long[] seconds = new long[n];
        int[] nanos = new int[n];
        for (int i = 0; i < n; i++) {
            seconds[i] = times[i].getEpochSecond();
            nanos[i] = times[i].getNano();
        }
        IndexComparator newerFirst = (a, b) -> {
            if (seconds[a] != seconds[b]) {
                return seconds[a] < seconds[b] ? 1 : -1;
            }
            if (nanos[a] != nanos[b]) {
                return nanos[a] < nanos[b] ? 1 : -1;
            }
            return ids[b].compareTo(ids[a]);
        };
        // Listings usually arrive sorted (oldest or newest first): recognise both in one pass.
        boolean descending = true;
        boolean ascending = true;
        for (int i = 1; i < n && (descending || ascending); i++) {
            int c = newerFirst.compare(i - 1, i);
            descending &= c < 0;
            ascending &= c > 0;
        }
        if (descending || ascending) {
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = descending ? i : n - 1 - i;
            }
            return order;
        }
        return sort(n, newerFirst);
    }

    /** Indices oldest first: ascending time, equal times in index order. */
    static int[] chronological(Instant[] times) {
        return sort(times.length, (a, b) -> {
            int c = times[a].compareTo(times[b]);
            return c != 0 ? c : Integer.compare(a, b);
        });
    }

    interface IndexComparator {
        int compare(int a, int b);
    }

    private static int[] sort(int n, IndexComparator cmp) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        if (n < 2) {
            return a;
        }
        int[] tmp = new int[n];
        mergeSort(a, tmp, 0, n, cmp);
        return a;
    }

    private static void mergeSort(int[] a, int[] tmp, int from, int to, IndexComparator cmp) {
        if (to - from <= 16) {
            for (int i = from + 1; i < to; i++) { // insertion sort, stable
                int v = a[i];
                int j = i - 1;
                while (j >= from && cmp.compare(a[j], v) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, tmp, from, mid, cmp);
        mergeSort(a, tmp, mid, to, cmp);
        if (cmp.compare(a[mid - 1], a[mid]) <= 0) {
            return; // already in order
        }
        System.arraycopy(a, from, tmp, from, to - from);
        int i = from;
        int j = mid;
        int k = from;
        while (i < mid && j < to) {
            a[k++] = cmp.compare(tmp[j], tmp[i]) < 0 ? tmp[j++] : tmp[i++];
        }
        while (i < mid) {
            a[k++] = tmp[i++];
        }
        while (j < to) {
            a[k++] = tmp[j++];
        }
    }
}
