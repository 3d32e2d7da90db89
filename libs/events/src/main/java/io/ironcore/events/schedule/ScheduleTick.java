package io.ironcore.events.schedule;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.ironcore.events.Validated;

import java.time.Instant;

/**
 * {@code io.ironcore.backup.schedule.tick.v1} on {@code ironcore.ticks}, key = job id: a job's (or sync job's)
 * schedule fired for one scheduled time. Fired at most once per slot: {@code tickId = jobId@scheduledFor} is unique,
 * so a duplicate collapses downstream.
 *
 * @param kind         {@code job} (a backup job, for job-service) or {@code sync} (a sync job, for sync-service)
 * @param scheduledFor the slot: when the calendar said to run
 * @param firedAt      when the scheduler fired it
 * @param catchUp      true for the one run of a job that missed slots while no scheduler ran (run-once policy)
 */
public record ScheduleTick(String tickId, String jobId, Kind kind, String jobName, String project,
                           Instant scheduledFor, Instant firedAt, boolean catchUp) implements Validated {
    /** Whose schedule fired; the wire strings are {@code job} and {@code sync}. */
    public enum Kind {
        /** A backup job's, for job-service. */
        JOB("job"),
        /** A sync job's, for sync-service. */
        SYNC("sync");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        @JsonValue
        public String wire() {
            return wire;
        }

        /** The kind a wire string names; null for null (absent, which {@link #validate} refuses). */
        @JsonCreator
        public static Kind fromWire(String wire) {
            if (wire == null) {
                return null;
            }
            for (Kind k : values()) {
                if (k.wire.equals(wire)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("kind must be job or sync, not '" + wire + "'");
        }
    }

    public static String tickId(String jobId, Instant scheduledFor) {
        return jobId + "@" + scheduledFor;
    }

    @Override
    public void validate() {
        Validated.require(tickId, "tickId");
        Validated.require(jobId, "jobId");
        Validated.require(kind, "kind");
        Validated.require(scheduledFor, "scheduledFor");
        Validated.require(firedAt, "firedAt");
    }
}
