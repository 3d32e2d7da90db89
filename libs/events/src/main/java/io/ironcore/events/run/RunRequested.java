package io.ironcore.events.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import io.ironcore.events.MalformedEventException;
import io.ironcore.events.Validated;

import java.time.Instant;
import java.util.List;

/**
 * {@code io.ironcore.backup.run.requested.v1} on {@code ironcore.run-requests}, key = job id. Carries the whole
 * spec a worker needs.
 *
 * @param trigger who asked for the run: {@code manual} or {@code schedule}
 * @param tickId  {@code jobId@scheduledFor} for a scheduled run, absent for a manual one
 * @param actionOnWire the {@code action} field as the event carries it: {@code backup}, {@code verify} (re-check the
 *                chunks of the sources' snapshots, every group of the namespace when there are no sources) or
 *                {@code gc} (garbage collection of the datastore); null when absent, which means backup. Kept as
 *                carried so that an event is written again as it was read; read {@link #action()} instead
 */
public record RunRequested(String runId, String jobId, String jobName, String project, Trigger trigger,
                           String tickId, Instant requestedAt, RunMode mode, DatastoreRef datastore,
                           String namespace, List<RunSource> sources, @JsonProperty("action") RunAction actionOnWire)
        implements Validated {
    /** Who asked for a run; the wire strings are {@code manual} and {@code schedule}. */
    public enum Trigger {
        /** Run Now (the API or the CLI). */
        MANUAL("manual"),
        /** A schedule tick. */
        SCHEDULE("schedule");

        private final String wire;

        Trigger(String wire) {
            this.wire = wire;
        }

        /** The string events and databases carry. */
        @JsonValue
        public String wire() {
            return wire;
        }

        /** The trigger a wire string names; null for null (absent). Anything else is refused: a malformed event. */
        @JsonCreator
        public static Trigger fromWire(String wire) {
            if (wire == null) {
                return null;
            }
            for (Trigger t : values()) {
                if (t.wire.equals(wire)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("trigger must be manual or schedule, not '" + wire + "'");
        }
    }

    public RunRequested(String runId, String jobId, String jobName, String project, Trigger trigger, String tickId,
                        Instant requestedAt, RunMode mode, DatastoreRef datastore, String namespace,
                        List<RunSource> sources) {
        this(runId, jobId, jobName, project, trigger, tickId, requestedAt, mode, datastore, namespace, sources,
                (RunAction) null);
    }

    /** With the action as a stored wire string ({@code backup}, {@code verify}, {@code gc}; null for absent). */
    public RunRequested(String runId, String jobId, String jobName, String project, Trigger trigger, String tickId,
                        Instant requestedAt, RunMode mode, DatastoreRef datastore, String namespace,
                        List<RunSource> sources, String action) {
        this(runId, jobId, jobName, project, trigger, tickId, requestedAt, mode, datastore, namespace, sources,
                RunAction.fromWire(action));
    }

    /** What the run does; {@link RunAction#BACKUP} when the event does not say. */
    public RunAction action() {
        return RunAction.orBackup(actionOnWire);
    }

    public boolean verify() {
        return action() == RunAction.VERIFY;
    }

    @Override
    public void validate() {
        Validated.require(runId, "runId");
        Validated.require(jobId, "jobId");
        Validated.require(jobName, "jobName");
        Validated.require(mode, "mode");
        Validated.require(requestedAt, "requestedAt");
        Validated.require(datastore, "datastore");
        Validated.require(datastore.name(), "datastore.name");
        Validated.require(datastore.path(), "datastore.path");
        Validated.require(sources, "sources");
        if (sources.isEmpty() && action() == RunAction.BACKUP) {
            throw new MalformedEventException("sources must not be empty");
        }
    }
}
