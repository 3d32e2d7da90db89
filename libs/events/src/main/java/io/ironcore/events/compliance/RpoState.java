package io.ironcore.events.compliance;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Why a job is at risk, or that it is not: its RPO compliance. The wire strings are the lower-case, hyphenated names.
 */
public enum RpoState {
    /** The newest good snapshot is younger than the RPO. */
    PROTECTED("protected"),
    /** The job never had a good snapshot, and it is younger than its RPO: not at risk yet. */
    PENDING("pending"),
    /** The job never had a good snapshot, and it is older than its RPO. At risk. */
    NEVER_PROTECTED("never-protected"),
    /** The newest good snapshot is older than the RPO. At risk. */
    STALE("stale"),
    /** The job is paused: nothing will protect it. At risk, whatever the age of its newest snapshot. */
    PAUSED("paused");

    private final String wire;

    RpoState(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** Whether the job is at risk in this state. */
    public boolean atRisk() {
        return this == NEVER_PROTECTED || this == STALE || this == PAUSED;
    }

    /** The state a wire string names; anything else is refused: a malformed event. */
    @JsonCreator
    public static RpoState fromWire(String wire) {
        for (RpoState s : values()) {
            if (s.wire.equals(wire)) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "state must be protected, pending, never-protected, stale or paused, not '" + wire + "'");
    }
}
