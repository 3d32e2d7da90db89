package io.ironcore.events.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.ironcore.events.Validated;

import java.time.Instant;

/**
 * {@code io.ironcore.backup.run.skipped.v1} on {@code ironcore.run-events}, key = job id: a scheduled slot did not
 * become a run, and why. The run history records it as a Skipped run with the same id.
 *
 * @param slot   the scheduled time of the tick that was skipped
 * @param detail the reason in words, e.g. {@code previous run … was still running}
 */
public record RunSkipped(String runId, String jobId, String jobName, String project, String tickId, Instant slot,
                         Instant skippedAt, Reason reason, String detail) implements Validated {

    /** Why a slot was skipped; the wire strings are the lower-case, hyphenated names. */
    public enum Reason {
        /** The previous run was still queued or running (overlap policy skip). */
        OVERLAP("overlap"),
        /** A scheduled run was waiting already (overlap policy queue allows one). */
        ALREADY_WAITING("already-waiting"),
        /** The job's sources and filters select no workload right now. */
        NO_WORKLOADS("no-workloads"),
        /** The job's datastore no longer exists. */
        DATASTORE_MISSING("datastore-missing"),
        /** Anything else that made the slot impossible to run. */
        NOT_RUNNABLE("not-runnable");

        private final String wire;

        Reason(String wire) {
            this.wire = wire;
        }

        @JsonValue
        public String wire() {
            return wire;
        }

        /** The reason a wire string names; anything else is refused: a malformed event. */
        @JsonCreator
        public static Reason fromWire(String wire) {
            for (Reason r : values()) {
                if (r.wire.equals(wire)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("reason must be one of overlap, already-waiting, no-workloads, "
                    + "datastore-missing, not-runnable, not '" + wire + "'");
        }
    }

    @Override
    public void validate() {
        Validated.require(runId, "runId");
        Validated.require(jobId, "jobId");
        Validated.require(skippedAt, "skippedAt");
        Validated.require(reason, "reason");
    }
}
