package io.ironcore.events.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a backup reads its sources, as a job's spec and {@link RunRequested} name it: the wire strings are
 * {@code incremental} (only what changed since the previous snapshot is read) and {@code full} (everything is read
 * again).
 */
public enum RunMode {
    /** Only what changed since the previous snapshot (the default of a new job). */
    INCREMENTAL("incremental"),
    /** Everything, again. */
    FULL("full");

    private final String wire;

    RunMode(String wire) {
        this.wire = wire;
    }

    /** The string events and databases carry. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** The mode a wire string names; null for null (absent). Anything else is refused: a malformed event. */
    @JsonCreator
    public static RunMode fromWire(String wire) {
        if (wire == null) {
            return null;
        }
        for (RunMode m : values()) {
            if (m.wire.equals(wire)) {
                return m;
            }
        }
        throw new IllegalArgumentException("mode must be incremental or full, not '" + wire + "'");
    }
}
