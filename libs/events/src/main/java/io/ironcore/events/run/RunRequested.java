package io.ironcore.events.run;

import io.ironcore.events.Validated;

import java.time.Instant;
import java.util.List;

/**
 * {@code io.ironcore.backup.run.requested.v1} on {@code ironcore.run-requests}, key = job id. Carries the whole
 * spec a worker needs.
 *
 * @param trigger {@code manual} or {@code schedule}
 * @param tickId  {@code jobId@scheduledFor} for a scheduled run, absent for a manual one
 * @param action  {@code backup} (absent means backup), {@code verify}: re-check the chunks of the sources'
 *                snapshots (every group of the namespace when there are no sources), or {@code gc}: garbage
 *                collection of the datastore
 */
public record RunRequested(String runId, String jobId, String jobName, String project, String trigger,
                           String tickId, Instant requestedAt, String mode, DatastoreRef datastore,
                           String namespace, List<RunSource> sources, String action) implements Validated {
    public static final String ACTION_BACKUP = "backup";
    public static final String ACTION_VERIFY = "verify";
    public static final String ACTION_GC = "gc";

    public RunRequested(String runId, String jobId, String jobName, String project, String trigger, String tickId,
                        Instant requestedAt, String mode, DatastoreRef datastore, String namespace,
                        List<RunSource> sources) {
        this(runId, jobId, jobName, project, trigger, tickId, requestedAt, mode, datastore, namespace, sources, null);
    }

    public boolean verify() {
        return ACTION_VERIFY.equals(action);
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
        if (sources.isEmpty() && ACTION_BACKUP.equals(action == null ? ACTION_BACKUP : action)) {
            throw new io.ironcore.events.MalformedEventException("sources must not be empty");
        }
    }
}
