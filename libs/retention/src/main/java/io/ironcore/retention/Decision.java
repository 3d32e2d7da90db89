package io.ironcore.retention;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a prune pass decided for one snapshot, and why.
 *
 * <p>{@link #reason()} is the human-readable explanation, e.g. {@code daily 3 of 7},
 * {@code protected}, or
 * {@code superseded by newer snapshot 'b' in the same day 2019-12-04 (daily)}. The structured
 * accessors ({@link #kind()}, {@link #window()}, {@link #position()}, ...) carry the same
 * information for programs.
 */
public final class Decision {

    /** The category of a decision. */
    public enum Kind {
        /** Kept by a retention window: {@link #window()} kept it as period {@link #position()} of {@link #limit()}. */
        KEPT_BY_WINDOW(true),
        /** Kept because it is protected; protected snapshots never count towards a window. */
        PROTECTED(true),
        /** Kept because it is in use (e.g. parent of a running backup); never counts towards a window. */
        IN_USE(true),
        /** Kept because the policy has no window at all (keep everything). */
        NO_WINDOWS_SET(true),
        /** Removed: a newer snapshot of the same period of {@link #window()} is kept. */
        SUPERSEDED(false),
        /** Removed: no window reached this snapshot (it is older than what every window keeps). */
        NOT_SELECTED(false);

        private final boolean keep;

        Kind(boolean keep) {
            this.keep = keep;
        }

        /** Whether decisions of this kind keep the snapshot. */
        public boolean keep() {
            return keep;
        }
    }

    static final String REASON_PROTECTED = "protected";
    static final String REASON_IN_USE = "in use by a running backup";
    static final String REASON_NO_WINDOWS = "no retention windows set";
    static final String REASON_NOT_SELECTED = "not kept by any window";

    private final RetentionCandidate snapshot;
    private final Kind kind;
    private final Window window;
    private final int position;
    private final int limit;
    private final boolean hasPeriod;
    private final long periodKey;
    private final String supersededBy;

    Decision(RetentionCandidate snapshot, Kind kind, Window window, int position, int limit,
             boolean hasPeriod, long periodKey, String supersededBy) {
        this.snapshot = snapshot;
        this.kind = kind;
        this.window = window;
        this.position = position;
        this.limit = limit;
        this.hasPeriod = hasPeriod;
        this.periodKey = periodKey;
        this.supersededBy = supersededBy;
    }

    static Decision simple(RetentionCandidate snapshot, Kind kind) {
        return new Decision(snapshot, kind, null, 0, 0, false, 0L, null);
    }

    /** The snapshot this decision is about. */
    public RetentionCandidate snapshot() {
        return snapshot;
    }

    /** Shortcut for {@code snapshot().id()}. */
    public String id() {
        return snapshot.id();
    }

    /** Shortcut for {@code snapshot().time()}. */
    public Instant time() {
        return snapshot.time();
    }

    /** True when the snapshot stays, false when prune removes it. */
    public boolean keep() {
        return kind.keep();
    }

    public Kind kind() {
        return kind;
    }

    /**
     * The window that kept the snapshot ({@link Kind#KEPT_BY_WINDOW}) or whose period made it
     * redundant ({@link Kind#SUPERSEDED}); empty for other kinds.
     */
    public Optional<Window> window() {
        return Optional.ofNullable(window);
    }

    /** For {@link Kind#KEPT_BY_WINDOW}: the 1-based number of the period the window counted it as; else 0. */
    public int position() {
        return position;
    }

    /** For {@link Kind#KEPT_BY_WINDOW}: the window's count N; else 0. */
    public int limit() {
        return limit;
    }

    /**
     * The local-time period of {@link #window()} the snapshot falls in, e.g. {@code 2019-12-04},
     * {@code 2020-W53}, {@code 2024-10-27T02}, {@code 2024-01} or {@code 2024}; empty for
     * keep-last and for kinds without a window.
     */
    public Optional<String> period() {
        return hasPeriod ? Optional.of(PeriodKeys.label(window, periodKey)) : Optional.empty();
    }

    /** For {@link Kind#SUPERSEDED}: the id of the newer kept snapshot of the same period. */
    public Optional<String> supersededBy() {
        return Optional.ofNullable(supersededBy);
    }

    /** The human-readable reason, e.g. {@code daily 3 of 7} or {@code not kept by any window}. */
    public String reason() {
        switch (kind) {
            case KEPT_BY_WINDOW:
                return window.label() + " " + position + " of " + limit;
            case PROTECTED:
                return REASON_PROTECTED;
            case IN_USE:
                return REASON_IN_USE;
            case NO_WINDOWS_SET:
                return REASON_NO_WINDOWS;
            case SUPERSEDED:
                return "superseded by newer snapshot '" + supersededBy + "' in the same " + window.periodNoun()
                        + " " + PeriodKeys.label(window, periodKey) + " (" + window.label() + ")";
            case NOT_SELECTED:
                return REASON_NOT_SELECTED;
            default:
                throw new AssertionError(kind);
        }
    }

    /** E.g. {@code snap-7 keep (daily 1 of 7)} or {@code snap-3 remove (not kept by any window)}. */
    @Override
    public String toString() {
        return snapshot.id() + (keep() ? " keep (" : " remove (") + reason() + ")";
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Decision)) {
            return false;
        }
        Decision d = (Decision) o;
        return position == d.position && limit == d.limit && hasPeriod == d.hasPeriod && periodKey == d.periodKey
                && snapshot.equals(d.snapshot) && kind == d.kind && window == d.window
                && Objects.equals(supersededBy, d.supersededBy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(snapshot, kind, window, position, limit, hasPeriod, periodKey, supersededBy);
    }
}
