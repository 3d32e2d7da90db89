package io.ironcore.jobs.messaging;

import io.ironcore.eventing.inbox.Inbox;
import io.ironcore.events.CloudEvent;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.MalformedEventException;
import io.ironcore.events.restore.RestoreCompleted;
import io.ironcore.events.restore.RestoreFailed;
import io.ironcore.events.run.RunAction;
import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.RunFailed;
import io.ironcore.events.run.RunProgress;
import io.ironcore.events.run.RunStarted;
import io.ironcore.jobs.Job;
import io.ironcore.jobs.Restore;
import io.ironcore.jobs.Run;
import io.ironcore.jobs.metrics.MetricTotals;
import io.ironcore.jobs.service.Compliance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.UUID;

/**
 * Projects run events (and restore outcomes) into the run history, once per event id; the rules of a run's lifecycle
 * are the run's own ({@link Run#markStarted}, {@link Run#markCompleted}, {@link Run#markFailed}), the job keeps its
 * last run ({@link Job#recordLastRun}), and the snapshots of a completed run go to the catalog
 * ({@link SnapshotCatalogHandler}), all in the event's one transaction.
 */
@ApplicationScoped
public class RunHistoryHandler {
    static final String CONSUMER = "job-service.run-history";
    private static final Logger LOG = Logger.getLogger(RunHistoryHandler.class);

    @Inject
    Inbox inbox;
    @Inject
    SnapshotCatalogHandler catalog;
    @Inject
    MetricTotals totals;
    @Inject
    Compliance compliance;

    @Transactional
    public void handle(CloudEvent event) {
        if (!inbox.firstDelivery(CONSUMER, event)) {
            return;
        }
        switch (event.type()) {
            case EventTypes.RESTORE_COMPLETED -> restored(EventJson.read(event.data(), RestoreCompleted.class));
            case EventTypes.RESTORE_FAILED -> restoreFailed(EventJson.read(event.data(), RestoreFailed.class));
            default -> apply(event, true);
        }
    }

    /**
     * Applies a run event to its run row: the part of {@link #handle} that a rebuild replays ({@link RunHistoryRebuild},
     * which records the inbox itself). {@code live}: also what the live handler does beside the run row, the job's
     * last run, success and compliance, the snapshot catalog and the totals; a replay does none of that, so it neither
     * counts a run again nor moves the job. Returns false when the event is of a run that is not there (yet).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean apply(CloudEvent event, boolean live) {
        return switch (event.type()) {
            case EventTypes.RUN_STARTED -> started(EventJson.read(event.data(), RunStarted.class), live);
            case EventTypes.RUN_COMPLETED -> completed(EventJson.read(event.data(), RunCompleted.class), live);
            case EventTypes.RUN_FAILED -> failed(EventJson.read(event.data(), RunFailed.class), live);
            case EventTypes.RUN_PROGRESS -> progress(EventJson.read(event.data(), RunProgress.class), live);
            default -> {
                LOG.debugf("ignoring %s", event.type());
                yield true;
            }
        };
    }

    /** The run a run event is about, or null when the event is not a run's (see {@link #apply}). */
    static String runIdOf(CloudEvent event) {
        return switch (event.type()) {
            case EventTypes.RUN_STARTED -> EventJson.read(event.data(), RunStarted.class).runId();
            case EventTypes.RUN_COMPLETED -> EventJson.read(event.data(), RunCompleted.class).runId();
            case EventTypes.RUN_FAILED -> EventJson.read(event.data(), RunFailed.class).runId();
            case EventTypes.RUN_PROGRESS -> EventJson.read(event.data(), RunProgress.class).runId();
            default -> null;
        };
    }

    private boolean started(RunStarted e, boolean live) {
        Run run = find(e.runId(), live);
        if (run != null && run.markStarted(e.startedAt(), e.workerId(), e.attempt()) && live) {
            lastRunOfJob(run);
        }
        return run != null;
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

    private boolean progress(RunProgress e, boolean live) {
        Run run = find(e.runId(), live);
        if (run != null) {
            run.recordProgress(e.bytesDone(), e.bytesTotal(), e.bytesPerSecond());
        }
        return run != null;
    }

    private boolean completed(RunCompleted e, boolean live) {
        Run run = find(e.runId(), live);
        if (run == null) {
            return false;
        }
        Run.State before = run.state;
        run.markCompleted(e.startedAt(), e.completedAt(), e.workerId(), e.stats(), e.snapshots());
        if (!live) {
            return true;
        }
        lastRunOfJob(run);
        catalog.completed(run, e);
        Job job = Job.findById(run.jobId);
        if (job == null || before == Run.State.Completed) {
            return true;
        }
        String mode = e.mode() == null ? job.mode.wire() : e.mode();
        totals.runFinished(job.id, e.action().wire(), mode, Run.State.Completed.name());
        totals.runCompleted(job.id, mode, run.startedAt, e.completedAt(), e.stats());
        if (job.lastSuccessAt == null || job.lastSuccessAt.isBefore(e.completedAt())) {
            job.lastSuccessAt = e.completedAt();
        }
        if (e.backup()) {
            Instant newest = SnapshotCatalogHandler.newestSnapshot(e);
            if (newest != null && (job.lastGoodSnapshotAt == null || job.lastGoodSnapshotAt.isBefore(newest))) {
                job.lastGoodSnapshotAt = newest;
                compliance.evaluate(job);
            }
        }
        return true;
    }

    private boolean failed(RunFailed e, boolean live) {
        Run run = find(e.runId(), live);
        Run.State before = run == null ? null : run.state;
        if (run != null && run.markFailed(e.failedAt(), e.workerId(), e.attempt(), e.reason()) && live) {
            lastRunOfJob(run);
            Job job = Job.findById(run.jobId);
            if (job != null && before != Run.State.Failed) {
                totals.runFinished(job.id, RunAction.orBackup(run.action).wire(), job.mode.wire(),
                        Run.State.Failed.name());
            }
        }
        return run != null;
    }

    private static void lastRunOfJob(Run run) {
        Job job = Job.findById(run.jobId);
        if (job != null) {
            job.recordLastRun(run);
        }
    }

    private static Run find(String runId, boolean warn) {
        UUID id;
        try {
            id = UUID.fromString(runId);
        } catch (IllegalArgumentException ex) {
            throw new MalformedEventException("runId is not a UUID: " + runId);
        }
        Run run = Run.findById(id);
        if (run == null && warn) {
            LOG.warnf("run %s is unknown here; ignoring its event", runId);
        }
        return run;
    }
}
