package io.ironcore.events.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ironcore.events.MalformedEventException;
import io.ironcore.events.Validated;

import java.time.Instant;
import java.util.List;

/**
 * {@code io.ironcore.backup.run.requested.v1} on {@code ironcore.run-requests}, key = job id. Carries the whole
 * spec a worker needs.
 *
 * @param trigger {@code manual} or {@code schedule}
 * @param tickId  {@code jobId@scheduledFor} for a scheduled run, absent for a manual one
 * @param actionOnWire the {@code action} field as the event carries it: {@code backup}, {@code verify} (re-check the
 *                chunks of the sources' snapshots, every group of the namespace when there are no sources) or
 *                {@code gc} (garbage collection of the datastore); null when absent, which means backup. Kept as
 *                carried so that an event is written again as it was read; read {@link #action()} instead
 */
public record RunRequested(String runId, String jobId, String jobName, String project, String trigger,
                           String tickId, Instant requestedAt, String mode, DatastoreRef datastore,
                           String namespace, List<RunSource> sources, @JsonProperty("action") RunAction actionOnWire)
        implements Validated {
    /**
     * The wire string of {@link RunAction#VERIFY}, for job-service's {@code Job.action} column until it holds a
     * {@link RunAction}.
     */
    @Deprecated
    public static final String ACTION_VERIFY = RunAction.VERIFY.wire();

    public RunRequested(String runId, String jobId, String jobName, String project, String trigger, String tickId,
                        Instant requestedAt, String mode, DatastoreRef datastore, String namespace,
                        List<RunSource> sources) {
        this(runId, jobId, jobName, project, trigger, tickId, requestedAt, mode, datastore, namespace, sources,
                (RunAction) null);
    }

    /** With the action as a stored wire string ({@code backup}, {@code verify}, {@code gc}; null for absent). */
    public RunRequested(String runId, String jobId, String jobName, String project, String trigger, String tickId,
                        Instant requestedAt, String mode, DatastoreRef datastore, String namespace,
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

    public static final String TRIGGER_MANUAL = "manual";
    public static final String TRIGGER_SCHEDULE = "schedule";

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
