package io.ironcore.retention;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The timeline of a simulated schedule (see {@link Retention#project}): for each snapshot when it
 * was created and when a prune pass removed it. Passes are numbered 0..n-1 in chronological
 * order; pass {@code p} runs right after the {@code p}-th snapshot is created.
 */
public final class Projection {

    /**
     * One generation (snapshot) of the simulated schedule.
     *
     * @param inputIndex    position in the {@code creationTimes} list given to {@link Retention#project}
     * @param created       the creation time
     * @param removed       the creation time of the snapshot whose prune pass removed this one, or
     *                      null when it is still kept after the last pass
     * @param createdInPass the number of the pass that ran right after this snapshot was created
     * @param removedInPass the number of the pass that removed it, or -1 when it survives
     */
    public record Generation(int inputIndex, Instant created, Instant removed, int createdInPass, int removedInPass) {

        /** True when no pass removed this generation. */
        public boolean survives() {
            return removedInPass < 0;
        }

        /** True when the generation exists at {@code t}: created at or before t and not removed at or before t. */
        public boolean aliveAt(Instant t) {
            return !created.isAfter(t) && (removed == null || removed.isAfter(t));
        }

        /** True when the generation exists after pass {@code pass} has run. */
        public boolean keptAfterPass(int pass) {
            return createdInPass <= pass && (removedInPass < 0 || removedInPass > pass);
        }
    }

    private final RetentionPolicy policy;
    private final ZoneId zone;
    private final List<Generation> byInput;
    private final List<Generation> chronological;
    private final int[] keptAfterPass;

    Projection(RetentionPolicy policy, ZoneId zone, Instant[] times, int[] chronologicalOrder, int[] removedInPass,
               int[] keptAfterPass) {
        this.policy = policy;
        this.zone = zone;
        int n = times.length;
        int[] createdInPass = new int[n];
        for (int p = 0; p < n; p++) {
            createdInPass[chronologicalOrder[p]] = p;
        }
        Generation[] gens = new Generation[n];
        for (int i = 0; i < n; i++) {
            int r = removedInPass[i];
            gens[i] = new Generation(i, times[i], r < 0 ? null : times[chronologicalOrder[r]], createdInPass[i], r);
        }
        List<Generation> chrono = new ArrayList<>(n);
        for (int p = 0; p < n; p++) {
            chrono.add(gens[chronologicalOrder[p]]);
        }
        this.byInput = List.of(gens);
        this.chronological = Collections.unmodifiableList(chrono);
        this.keptAfterPass = keptAfterPass;
    }

    public RetentionPolicy policy() {
        return policy;
    }

    public ZoneId zone() {
        return zone;
    }

    /** One generation per creation time, in the order of the input list. */
    public List<Generation> generations() {
        return byInput;
    }

    /** The generations in creation (= pass) order. */
    public List<Generation> timeline() {
        return chronological;
    }

    /** The number of passes (= snapshots). */
    public int passCount() {
        return keptAfterPass.length;
    }

    /** The generations still kept after the last pass, oldest first. */
    public List<Generation> survivors() {
        return passCount() == 0 ? List.of() : keptAfterPass(passCount() - 1);
    }

    /** The generations that exist after pass {@code pass} has run, oldest first. */
    public List<Generation> keptAfterPass(int pass) {
        Objects.checkIndex(pass, passCount());
        List<Generation> out = new ArrayList<>(keptAfterPass[pass]);
        for (int p = 0; p <= pass; p++) {
            Generation g = chronological.get(p);
            if (g.keptAfterPass(pass)) {
                out.add(g);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** How many generations exist after pass {@code pass}. O(1). */
    public int keptCountAfterPass(int pass) {
        Objects.checkIndex(pass, passCount());
        return keptAfterPass[pass];
    }

    /**
     * The generations that exist at instant {@code t}: every pass scheduled at or before {@code t}
     * has run, so a snapshot created at {@code t} is included and one removed at {@code t} is not.
     */
    public List<Generation> aliveAt(Instant t) {
        Objects.requireNonNull(t, "t");
        List<Generation> out = new ArrayList<>();
        for (Generation g : chronological) {
            if (g.created().isAfter(t)) {
                break;
            }
            if (g.aliveAt(t)) {
                out.add(g);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The most generations kept after any pass: the storage the schedule needs in steady state
     * (during a backup one more snapshot exists until its prune pass has run).
     */
    public int peakKept() {
        int max = 0;
        for (int k : keptAfterPass) {
            max = Math.max(max, k);
        }
        return max;
    }
}
