package io.ironcore.retention;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Entry points: {@link #apply} decides one prune pass, {@link #project} simulates a schedule
 * with a prune pass after every new snapshot.
 *
 * <p>The semantics are those of Proxmox Backup Server's prune ({@code compute_prune_info} in
 * {@code pbs-datastore/src/prune.rs}); see {@code docs/design/retention.md}.
 */
public final class Retention {

    private Retention() {
    }

    /**
     * Decides which snapshots of one backup group a prune pass keeps.
     *
     * <p>Snapshots are evaluated newest first (equal times: the larger id counts as newer); the
     * input may be in any order and the result lists the decisions in input order. Periods are
     * local hours, days, ISO weeks, months and years in {@code zone}.
     *
     * <p>Runs in O(n log n): one sort, then one linear pass per window with hash sets of period keys.
     *
     * @param policy    the retention windows; {@link RetentionPolicy#none()} keeps everything
     * @param snapshots the snapshots of one backup group; ids must be unique
     * @param zone      the time zone whose local periods the windows count
     * @throws IllegalArgumentException when two snapshots share an id
     * @throws NullPointerException     when an argument or a list element is null
     */
    public static PruneResult apply(RetentionPolicy policy, List<RetentionCandidate> snapshots, ZoneId zone) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(snapshots, "snapshots");
        Objects.requireNonNull(zone, "zone");
        RetentionCandidate[] in = snapshots.toArray(new RetentionCandidate[0]);
        int n = in.length;
        Instant[] times = new Instant[n];
        String[] ids = new String[n];
        Map<String, Integer> indexById = new HashMap<>(Math.max(16, (int) (n / 0.75f) + 1));
        for (int i = 0; i < n; i++) {
            RetentionCandidate s = Objects.requireNonNull(in[i], () -> "snapshots contains null");
            Integer previous = indexById.putIfAbsent(s.id(), i);
            if (previous != null) {
                throw new IllegalArgumentException("duplicate snapshot id '" + s.id() + "' (input positions "
                        + previous + " and " + i + "): snapshot ids must be unique");
            }
            times[i] = s.time();
            ids[i] = s.id();
        }
        int[] newestFirst = IndexSort.newestFirst(times, ids);
        Decision[] decisions = new Decision[n];

        if (policy.isEmpty()) {
            for (int i = 0; i < n; i++) {
                decisions[i] = Decision.simple(in[i], visibleKind(in[i], Decision.Kind.NO_WINDOWS_SET));
            }
            return new PruneResult(policy, zone, decisions, newestFirst, indexById);
        }

        int[] limits = policy.countsByOrdinal();
        long[][] keys = keys(limits, times, reversed(newestFirst), zone.getRules());
        boolean[] invisible = new boolean[n];
        for (int i = 0; i < n; i++) {
            invisible[i] = in[i].isProtected() || in[i].inUse();
        }
        RuleEngine engine = new RuleEngine(limits, keys, n);
        engine.run(newestFirst, n, invisible);

        for (int s = 0; s < n; s++) {
            RetentionCandidate info = in[s];
            if (invisible[s]) {
                decisions[s] = Decision.simple(info, visibleKind(info, null));
                continue;
            }
            int w = engine.rule[s];
            if (engine.mark[s] == RuleEngine.KEEP) {
                Window window = Window.byOrdinal(w);
                boolean hasPeriod = window != Window.LAST;
                decisions[s] = new Decision(info, Decision.Kind.KEPT_BY_WINDOW, window, engine.position[s], limits[w],
                        hasPeriod, hasPeriod ? keys[w][s] : 0L, null);
            } else if (w >= 0) {
                decisions[s] = new Decision(info, Decision.Kind.SUPERSEDED, Window.byOrdinal(w), 0, 0, true,
                        keys[w][s], ids[engine.keeper[s]]);
            } else {
                decisions[s] = Decision.simple(info, Decision.Kind.NOT_SELECTED);
            }
        }
        return new PruneResult(policy, zone, decisions, newestFirst, indexById);
    }

    private static Decision.Kind visibleKind(RetentionCandidate s, Decision.Kind otherwise) {
        if (s.isProtected()) {
            return Decision.Kind.PROTECTED;
        }
        if (s.inUse()) {
            return Decision.Kind.IN_USE;
        }
        return otherwise;
    }

    /**
     * Simulates a backup schedule: the snapshots are created at {@code creationTimes} (in any
     * order; they are processed chronologically, equal instants in list order) and a prune pass
     * with {@code policy} runs right after each creation, over the snapshots that survived so far.
     * The result is a compact timeline: every snapshot's creation and, if a later pass removed
     * it, the creation time of the snapshot whose pass did.
     *
     * <p>Each pass costs time proportional to the number of surviving snapshots, which is at most
     * {@link RetentionPolicy#maxKept()} + 1, so a whole projection is O(n log n + n * min(n, maxKept)),
     * not O(n^2 log n) for recomputing every pass from scratch. The per-snapshot period keys are
     * computed once.
     *
     * @throws NullPointerException when an argument or a list element is null
     */
    public static Projection project(RetentionPolicy policy, List<Instant> creationTimes, ZoneId zone) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(creationTimes, "creationTimes");
        Objects.requireNonNull(zone, "zone");
        Instant[] times = creationTimes.toArray(new Instant[0]);
        int n = times.length;
        for (Instant t : times) {
            Objects.requireNonNull(t, "creationTimes contains null");
        }
        int[] chronological = IndexSort.chronological(times);
        int[] removedInPass = new int[n];
        Arrays.fill(removedInPass, -1);
        int[] keptAfterPass = new int[n];

        if (policy.isEmpty()) {
            for (int p = 0; p < n; p++) {
                keptAfterPass[p] = p + 1;
            }
            return new Projection(policy, zone, times, chronological, removedInPass, keptAfterPass);
        }

        int[] limits = policy.countsByOrdinal();
        long[][] keys = keys(limits, times, chronological, zone.getRules());
        RuleEngine engine = new RuleEngine(limits, keys, n);
        int[] alive = new int[n];      // survivors, oldest first
        int[] newestFirst = new int[n];
        int aliveLen = 0;
        for (int p = 0; p < n; p++) {
            alive[aliveLen++] = chronological[p];
            for (int i = 0; i < aliveLen; i++) {
                newestFirst[i] = alive[aliveLen - 1 - i];
            }
            engine.run(newestFirst, aliveLen, null);
            int kept = 0;
            for (int i = 0; i < aliveLen; i++) {
                int s = alive[i];
                if (engine.mark[s] == RuleEngine.KEEP) {
                    alive[kept++] = s;
                } else {
                    removedInPass[s] = p;
                }
            }
            aliveLen = kept;
            keptAfterPass[p] = kept;
        }
        return new Projection(policy, zone, times, chronological, removedInPass, keptAfterPass);
    }

    /** Period keys for every window that is set (except keep-last), by snapshot index. */
    private static long[][] keys(int[] limits, Instant[] times, int[] ascending, ZoneRules rules) {
        long[][] keys = new long[limits.length][];
        boolean needed = false;
        for (int w = Window.HOURLY.ordinal(); w < limits.length; w++) {
            needed |= limits[w] > 0;
        }
        if (!needed) {
            return keys;
        }
        long[] local = PeriodKeys.localSeconds(times, ascending, rules);
        for (int w = Window.HOURLY.ordinal(); w < limits.length; w++) {
            if (limits[w] > 0) {
                Window window = Window.byOrdinal(w);
                long[] k = new long[times.length];
                for (int i = 0; i < k.length; i++) {
                    k[i] = PeriodKeys.key(window, local[i]);
                }
                keys[w] = k;
            }
        }
        return keys;
    }

    private static int[] reversed(int[] a) {
        int[] r = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[a.length - 1 - i];
        }
        return r;
    }
}
