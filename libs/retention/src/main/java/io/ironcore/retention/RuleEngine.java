package io.ironcore.retention;

/**
 * The retention rules of Proxmox Backup Server ({@code pbs-datastore/src/prune.rs},
 * {@code compute_prune_info} and {@code mark_selections}) over snapshot indices.
 *
 * <p>The engine owns per-snapshot arrays (the PBS "mark map") and is reused: {@link #run} resets
 * the entries of the snapshots it is given, so {@link Retention#project} can run one pass per
 * new snapshot over the surviving ones without allocating.
 *
 * <p>For each window in the order last, hourly, daily, weekly, monthly, yearly, over the
 * snapshots newest first:
 * <ol>
 *   <li>{@code already_included}: the periods (of this window) of all snapshots marked KEEP by an
 *       earlier window;</li>
 *   <li>a snapshot that already carries a mark (KEEP <em>or REMOVE</em>) is skipped;</li>
 *   <li>protected / in-use snapshots are skipped (never marked, never counted);</li>
 *   <li>a snapshot whose period is in {@code already_included} is skipped (not counted);</li>
 *   <li>the first snapshot of a new period is marked KEEP, unless N periods are counted already,
 *       in which case the window stops ({@code break}) and leaves all older snapshots unmarked;</li>
 *   <li>a further snapshot of a period counted by this window is marked REMOVE, which also hides
 *       it from every later window.</li>
 * </ol>
 * Snapshots without a KEEP mark at the end are removed. keep-last treats every snapshot as a
 * period of its own (PBS keys it by the backup time, which is unique within a backup group).
 */
final class RuleEngine {

    static final byte NONE = 0;
    static final byte KEEP = 1;
    static final byte REMOVE = 2;

    private final int[] limits;
    private final long[][] keys;

    /** The PBS mark map, by snapshot index. */
    final byte[] mark;
    /** The window (ordinal) that marked the snapshot, or that first skipped it as already included; -1 if none. */
    final byte[] rule;
    /** For KEEP: the 1-based period number within {@link #rule}. */
    final int[] position;
    /** For REMOVE and skipped-as-included: the snapshot index of the kept snapshot of the same period. */
    final int[] keeper;

    private final LongIntMap alreadyIncluded;
    private final LongIntMap included;

    /**
     * @param limits per window ordinal, 0 = not set
     * @param keys   per window ordinal (except LAST), the period key of every snapshot index; may be
     *               null for windows that are not set
     * @param n      the number of snapshot indices
     */
    RuleEngine(int[] limits, long[][] keys, int n) {
        this.limits = limits;
        this.keys = keys;
        this.mark = new byte[n];
        this.rule = new byte[n];
        this.position = new int[n];
        this.keeper = new int[n];
        this.alreadyIncluded = new LongIntMap(64);
        this.included = new LongIntMap(64);
    }

    /**
     * One prune pass.
     *
     * @param order     snapshot indices, newest first
     * @param len       how many entries of {@code order} take part
     * @param invisible by snapshot index: protected or in use (may be null: none)
     */
    void run(int[] order, int len, boolean[] invisible) {
        for (int i = 0; i < len; i++) {
            int s = order[i];
            mark[s] = NONE;
            rule[s] = -1;
            position[s] = 0;
            keeper[s] = -1;
        }
        int lastLimit = limits[Window.LAST.ordinal()];
        if (lastLimit > 0) {
            markLast(order, len, invisible, lastLimit);
        }
        for (int w = Window.HOURLY.ordinal(); w < limits.length; w++) {
            if (limits[w] > 0) {
                markSelections(order, len, invisible, w, limits[w], keys[w]);
            }
        }
    }

    /** keep-last: every snapshot is a period of its own, so the first N visible, unmarked ones are kept. */
    private void markLast(int[] order, int len, boolean[] invisible, int limit) {
        int count = 0;
        for (int i = 0; i < len; i++) {
            int s = order[i];
            if (mark[s] != NONE || (invisible != null && invisible[s])) {
                continue;
            }
            if (count >= limit) {
                break;
            }
            mark[s] = KEEP;
            rule[s] = (byte) Window.LAST.ordinal();
            position[s] = ++count;
        }
    }

    private void markSelections(int[] order, int len, boolean[] invisible, int w, int limit, long[] key) {
        alreadyIncluded.clear();
        for (int i = 0; i < len; i++) {
            int s = order[i];
            if (mark[s] == KEEP) {
                alreadyIncluded.putIfAbsent(key[s], s); // newest kept snapshot of that period
            }
        }
        included.clear();
        for (int i = 0; i < len; i++) {
            int s = order[i];
            if (mark[s] != NONE || (invisible != null && invisible[s])) {
                continue;
            }
            long k = key[s];
            int cover = alreadyIncluded.get(k);
            if (cover != LongIntMap.ABSENT) {
                if (rule[s] < 0) { // remember the first window that found the period covered
                    rule[s] = (byte) w;
                    keeper[s] = cover;
                }
                continue;
            }
            int first = included.get(k);
            if (first == LongIntMap.ABSENT) {
                if (included.size() >= limit) {
                    break;
                }
                included.putIfAbsent(k, s);
                mark[s] = KEEP;
                rule[s] = (byte) w;
                position[s] = included.size();
                keeper[s] = -1;
            } else {
                mark[s] = REMOVE;
                rule[s] = (byte) w;
                keeper[s] = first;
            }
        }
    }
}
