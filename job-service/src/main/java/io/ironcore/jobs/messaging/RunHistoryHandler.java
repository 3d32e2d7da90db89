package io.ironcore.jobs.messaging;

import io.ironcore.eventing.inbox.Inbox;
import io.ironcore.events.CloudEvent;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.MalformedEventException;
import io.ironcore.events.restore.RestoreCompleted;
import io.ironcore.events.restore.RestoreFailed;
import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.RunFailed;
import io.ironcore.events.run.RunProgress;
import io.ironcore.events.run.RunStarted;
import io.ironcore.jobs.Job;
import io.ironcore.jobs.Restore;
import io.ironcore.jobs.Run;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * Projects run events (and restore outcomes) into the run history, once per event id. A finished run never goes back
 * to Running.
 */
@ApplicationScoped
public class RunHistoryHandler {
    static final String CONSUMER = "job-service.run-history";
    private static final Logger LOG = Logger.getLogger(RunHistoryHandler.class);

    @Inject
    Inbox inbox;

    @Transactional
    public void handle(CloudEvent event) {
        if (!inbox.firstDelivery(CONSUMER, event)) {
            return;
        }
        switch (event.type()) {
            case EventTypes.RUN_STARTED -> started(EventJson.read(event.data(), RunStarted.class));
            case EventTypes.RUN_COMPLETED -> completed(EventJson.read(event.data(), RunCompleted.class));
            case EventTypes.RUN_FAILED -> failed(EventJson.read(event.data(), RunFailed.class));
            case EventTypes.RUN_PROGRESS -> progress(EventJson.read(event.data(), RunProgress.class));
            case EventTypes.RESTORE_COMPLETED -> restored(EventJson.read(event.data(), RestoreCompleted.class));
            case EventTypes.RESTORE_FAILED -> restoreFailed(EventJson.read(event.data(), RestoreFailed.class));
            default -> LOG.debugf("ignoring %s", event.type());
        }
    }

    private void started(RunStarted e) {
        Run run = find(e.runId());
        if (run == null || run.state.terminal()) {
            return;
        }
        run.state = Run.State.Running;
        run.startedAt = e.startedAt();
        run.workerId = e.workerId();
        run.attempt = e.attempt();
        lastRunOfJob(run);
    }

    private void restored(RestoreCompleted e) {
        Restore r = restore(e.restoreId());
        if (r != null) {
            r.state = Restore.State.Completed;
            r.finishedAt = e.completedAt();
            r.workerId = e.workerId();
            r.path = e.path();
            r.bytes = e.bytes();
        }
    }

    private void restoreFailed(RestoreFailed e) {
        Restore r = restore(e.restoreId());
        if (r != null && r.state != Restore.State.Completed) {
            r.state = Restore.State.Failed;
            r.finishedAt = e.failedAt();
            r.workerId = e.workerId();
            r.reason = e.reason();
        }
    }

    private static Restore restore(String id) {
        try {
            return Restore.findById(UUID.fromString(id));
        } catch (IllegalArgumentException ex) {
            throw new MalformedEventException("restoreId is not a UUID: " + id);
        }
    }

    private void progress(RunProgress e) {
        Run run = find(e.runId());
        if (run == null || run.state.terminal()) {
            return;
        }
        run.bytesDone = e.bytesDone();
        run.bytesTotal = e.bytesTotal();
        run.bytesPerSecond = e.bytesPerSecond();
    }

    private void completed(RunCompleted e) {
        Run run = find(e.runId());
        if (run == null) {
            return;
        }
        run.state = Run.State.Completed;
        run.startedAt = run.startedAt == null ? e.startedAt() : run.startedAt;
        run.finishedAt = e.completedAt();
        run.workerId = e.workerId();
        run.stats = e.stats();
        run.snapshots = e.snapshots();
        run.reason = null;
        lastRunOfJob(run);
        for (io.ironcore.events.run.SnapshotCreated s : e.snapshots()) {
            if (io.ironcore.jobs.Snapshot.findById(s.snapshotId()) == null) {
                io.ironcore.jobs.Snapshot snap = new io.ironcore.jobs.Snapshot();
                snap.snapshotId = s.snapshotId();
                snap.jobId = run.jobId;
                snap.runId = run.id;
                snap.datastore = e.datastore() != null ? e.datastore() : run.datastore;
                snap.namespace = e.namespace() == null ? "" : e.namespace();
                snap.sourceId = s.sourceId();
                snap.createdAt = snapshotTime(s.snapshotId(), e.startedAt());
                snap.sizeBytes = s.sizeBytes();
                snap.persist();
            }
        }
    }

    /** The time in a snapshot id ({@code .../vm/12345/2026-11-26T02:00:00Z}), else the run's start. */
    private static java.time.Instant snapshotTime(String snapshotId, java.time.Instant fallback) {
        try {
            return java.time.Instant.parse(snapshotId.substring(snapshotId.lastIndexOf('/') + 1));
        } catch (RuntimeException ex) {
            return fallback;
        }
    }

    private void failed(RunFailed e) {
        Run run = find(e.runId());
        if (run == null || run.state == Run.State.Completed) {
            return;
        }
        run.state = Run.State.Failed;
        run.finishedAt = e.failedAt();
        run.workerId = e.workerId();
        run.attempt = e.attempt();
        run.reason = e.reason();
        lastRunOfJob(run);
    }

    /** The job keeps the state of its last run, for its lifecycle state. */
    private static void lastRunOfJob(Run run) {
        Job job = Job.findById(run.jobId);
        if (job != null && run.id.equals(job.lastRunId)) {
            job.lastRunState = run.state.name();
            job.lastRunAt = run.finishedAt != null ? run.finishedAt : run.startedAt;
        }
    }

    private static Run find(String runId) {
        UUID id;
        try {
            id = UUID.fromString(runId);
        } catch (IllegalArgumentException ex) {
            throw new MalformedEventException("runId is not a UUID: " + runId);
        }
        Run run = Run.findById(id);
        if (run == null) {
            LOG.warnf("run %s is unknown here; ignoring its event", runId);
        }
        return run;
    }
}
