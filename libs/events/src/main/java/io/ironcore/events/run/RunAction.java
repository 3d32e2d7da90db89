package io.ironcore.events.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a run does, as {@link RunRequested}, {@link RunCompleted} and a job's spec name it. The wire strings are
 * {@code backup}, {@code verify} and {@code gc}; an absent action means {@link #BACKUP}, and {@link #orBackup} is the
 * one place that rule is written.
 */
public enum RunAction {
    /** Back the sources up. */
    BACKUP("backup"),
    /** Re-check the chunks of the sources' snapshots (every group of the namespace when there are no sources). */
    VERIFY("verify"),
    /** Garbage collection of the datastore. */
    GC("gc");

    private final String wire;

    RunAction(String wire) {
        this.wire = wire;
    }

    /** The string events and databases carry. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /**
     * The action a wire string names; null for null (an absent field). Anything else is refused, so an event with an
     * action the contract does not know is malformed.
     */
    @JsonCreator
    public static RunAction fromWire(String wire) {
        if (wire == null) {
            return null;
        }
        for (RunAction a : values()) {
            if (a.wire.equals(wire)) {
                return a;
            }
        }
        throw new IllegalArgumentException("action must be backup, verify or gc, not '" + wire + "'");
    }

    /** The action a wire string names, {@link #BACKUP} when it is absent. */
    public static RunAction orBackup(String wire) {
        return orBackup(fromWire(wire));
    }

    /** The action, {@link #BACKUP} when it is absent. */
    public static RunAction orBackup(RunAction action) {
        return action == null ? BACKUP : action;
    }
}
