package io.ironcore.retention;

import java.time.ZoneId;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * The outcome of one prune pass: a {@link Decision} for every input snapshot.
 *
 * <p>{@link #decisions()} is in the caller's input order (one decision per input element, so a
 * CLI can print them line by line); {@link #kept()} and {@link #removed()} are the same
 * decisions filtered, still in input order; {@link #newestFirst()} is the order the engine
 * evaluated them in.
 */
public final class PruneResult {

    private final RetentionPolicy policy;
    private final ZoneId zone;
    private final Decision[] byInput;
    private final int[] newestFirst;
    private final Map<String, Integer> indexById;
    private final int keptCount;

    PruneResult(RetentionPolicy policy, ZoneId zone, Decision[] byInput, int[] newestFirst,
                Map<String, Integer> indexById) {
        this.policy = policy;
        this.zone = zone;
        this.byInput = byInput;
        this.newestFirst = newestFirst;
        this.indexById = indexById;
        int kept = 0;
        for (Decision d : byInput) {
            if (d.keep()) {
                kept++;
            }
        }
        this.keptCount = kept;
    }

    /** The policy that was applied. */
    public RetentionPolicy policy() {
        return policy;
    }

    /** The time zone whose local hours, days, weeks, months and years were used. */
    public ZoneId zone() {
        return zone;
    }

    /** One decision per input snapshot, in input order (unmodifiable). */
    public List<Decision> decisions() {
        return new ArrayView(byInput, null);
    }

    /** The decision for the input snapshot at {@code inputIndex}. */
    public Decision decision(int inputIndex) {
        return byInput[inputIndex];
    }

    /** The decision for the snapshot with {@code id}, if it was part of the input. */
    public Optional<Decision> decision(String id) {
        Integer i = indexById.get(id);
        return i == null ? Optional.empty() : Optional.of(byInput[i]);
    }

    /** The decisions in evaluation order: newest snapshot first, equal times by descending id (unmodifiable). */
    public List<Decision> newestFirst() {
        return new ArrayView(byInput, newestFirst);
    }

    /** The kept snapshots' decisions, in input order (unmodifiable). */
    public List<Decision> kept() {
        return filter(true);
    }

    /** The removed snapshots' decisions, in input order (unmodifiable). */
    public List<Decision> removed() {
        return filter(false);
    }

    public int keptCount() {
        return keptCount;
    }

    public int removedCount() {
        return byInput.length - keptCount;
    }

    private List<Decision> filter(boolean keep) {
        List<Decision> out = new ArrayList<>(keep ? keptCount : byInput.length - keptCount);
        for (Decision d : byInput) {
            if (d.keep() == keep) {
                out.add(d);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** A multi-line listing, one decision per input snapshot. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("PruneResult[").append(policy.isEmpty() ? "(no windows)" : policy.format())
                .append(" in ").append(zone).append(": keep ").append(keptCount).append(", remove ")
                .append(removedCount()).append(']');
        for (Decision d : byInput) {
            sb.append("\n  ").append(d);
        }
        return sb.toString();
    }

    private static final class ArrayView extends AbstractList<Decision> implements RandomAccess {
        private final Decision[] decisions;
        private final int[] order;

        ArrayView(Decision[] decisions, int[] order) {
            this.decisions = decisions;
            this.order = order;
        }

        @Override
        public Decision get(int index) {
            if (index < 0 || index >= decisions.length) {
                throw new IndexOutOfBoundsException("index " + index + " of " + decisions.length);
            }
            return order == null ? decisions[index] : decisions[order[index]];
        }

        @Override
        public int size() {
            return decisions.length;
        }
    }
}
