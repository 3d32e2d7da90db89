package io.ironcore.jobs.rest;

import io.ironcore.events.run.RunStats;
import io.ironcore.events.run.SnapshotCreated;
import io.ironcore.jobs.Run;
import io.ironcore.jobs.RunNotification;

import java.time.Instant;
import java.util.List;

/**
 * A run as the API shows it.
 *
 * @param notifications whether each notification about the run reached its target; shown by a run's own page
 *                      ({@code GET …/runs/{id}}), absent in lists
 */
public record RunView(String id, String jobId, String jobName, String action, String trigger, String state,
                      Instant requestedAt, Instant startedAt, Instant finishedAt, String workerId, int attempt,
                      String reason, Progress progress, RunStats stats, List<SnapshotCreated> snapshots,
                      List<NotificationView> notifications) {

    /** One delivery: where (without secrets), sent or failed, after how many attempts, when, and why it failed. */
    public record NotificationView(String targetType, String target, String outcome, int attempts, Instant at,
                                   String reason) {
        static NotificationView of(RunNotification n) {
            return new NotificationView(n.targetType, n.target, n.outcome.name(), n.attempts, n.at, n.reason);
        }
    }

    /** How far a running run is, from its last RunProgress. */
    public record Progress(long bytesDone, long bytesTotal, long bytesPerSecond) {
    }

    public static RunView of(Run r) {
        return of(r, null);
    }

    /** The run with its notifications. */
    public static RunView of(Run r, List<RunNotification> notifications) {
        Progress progress = r.bytesDone == null ? null : new Progress(r.bytesDone, r.bytesTotal == null ? 0
                : r.bytesTotal, r.bytesPerSecond == null ? 0 : r.bytesPerSecond);
        return new RunView(r.id.toString(), r.jobId.toString(), r.jobName, r.action == null ? null : r.action.wire(),
                r.trigger == null ? null : r.trigger.wire(), r.state.name(), r.requestedAt, r.startedAt, r.finishedAt,
                r.workerId, r.attempt, r.reason, progress, r.stats, r.snapshots,
                notifications == null ? null : notifications.stream().map(NotificationView::of).toList());
    }
}
