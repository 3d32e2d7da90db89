package io.ironcore.worker.service;

import io.ironcore.datastore.GcStats;
import io.ironcore.eventing.outbox.Outbox;
import io.ironcore.events.prune.GcCompleted;
import io.ironcore.events.restore.RestoreCompleted;
import io.ironcore.events.restore.RestoreFailed;
import io.ironcore.events.restore.RestoreRequested;
import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.RunFailed;
import io.ironcore.events.run.RunProgress;
import io.ironcore.events.run.RunRequested;
import io.ironcore.events.run.RunStarted;
import io.ironcore.events.run.RunStats;
import io.ironcore.events.run.SnapshotCreated;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The events the queue's state changes tell of, each built from its claim and appended to the outbox in the caller's
 * transaction, keyed by job id: runs under {@code runs/<run id>}, GC results under {@code gc/<run id>}, restores
 * under {@code restores/<restore id>}. Times are this worker's clock at the change.
 */
@ApplicationScoped
public class RunEvents {
    @Inject
    Outbox outbox;
    @Inject
    Clock clock;

    /** The run was claimed for an attempt. */
    void started(RunClaim claim) {
        RunRequested r = claim.run();
        run(r, new RunStarted(r.runId(), r.jobId(), r.jobName(), claim.workerId(), claim.attempt(), clock.instant()));
    }

    /** How far the running run is. */
    void progress(RunClaim claim, long done, long total, long bytesPerSecond) {
        RunRequested r = claim.run();
        run(r, new RunProgress(r.runId(), r.jobId(), r.jobName(), claim.workerId(), done, total, bytesPerSecond,
                clock.instant()));
    }

    /** The run completed with these snapshots; the event names its action. */
    void completed(RunClaim claim, Instant startedAt, RunStats stats, List<SnapshotCreated> snapshots) {
        RunRequested r = claim.run();
        run(r, new RunCompleted(r.runId(), r.jobId(), r.jobName(), claim.workerId(), r.mode().wire(),
                r.datastore().name(), r.namespace(), startedAt, clock.instant(), stats, snapshots, r.datastore().path(),
                r.action()));
    }

    /** What a GC run freed. */
    void collected(RunClaim claim, GcStats gc) {
        RunRequested r = claim.run();
        outbox.append(r.jobId(), "gc/" + r.runId(), new GcCompleted(r.runId(), r.jobId(), r.datastore().name(),
                gc.chunksScanned(), gc.chunksRemoved(), gc.bytesFreed(), gc.chunksPendingGrace(), gc.cutoff(),
                clock.instant()));
    }

    /** The restore wrote its image to {@code path}. */
    void restored(RestoreClaim claim, Instant startedAt, String path, long bytes) {
        RestoreRequested r = claim.restore();
        restore(r.jobId(), r.restoreId(), new RestoreCompleted(r.restoreId(), r.jobId(), r.snapshotId(), r.image(),
                claim.workerId(), path, bytes, startedAt, clock.instant()));
    }

    /** The work failed for good. */
    void failed(Claim claim, String reason) {
        if (claim instanceof RunClaim c) {
            RunRequested r = c.run();
            run(r, new RunFailed(r.runId(), r.jobId(), r.jobName(), c.workerId(), c.attempt(), clock.instant(),
                    reason));
        } else {
            RestoreRequested r = ((RestoreClaim) claim).restore();
            restore(r.jobId(), r.restoreId(), new RestoreFailed(r.restoreId(), r.jobId(), r.snapshotId(),
                    claim.workerId(), clock.instant(), reason));
        }
    }

    /**
     * Queued work whose request cannot be read failed for good, told with what its queue row holds: {@code name} is
     * the row's job name (a restore's snapshot id).
     */
    void unreadable(ClaimKind kind, String id, String jobId, String name, String workerId, int attempt,
                    String reason) {
        if (kind == ClaimKind.RESTORE) {
            restore(jobId, id, new RestoreFailed(id, jobId, name, workerId, clock.instant(), reason));
        } else {
            outbox.append(jobId, "runs/" + id, new RunFailed(id, jobId, name, workerId, attempt, clock.instant(),
                    reason));
        }
    }

    private void run(RunRequested r, Object event) {
        outbox.append(r.jobId(), "runs/" + r.runId(), event);
    }

    private void restore(String jobId, String restoreId, Object event) {
        outbox.append(jobId, "restores/" + restoreId, event);
    }
}
