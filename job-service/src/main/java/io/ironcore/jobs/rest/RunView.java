package io.ironcore.jobs.rest;

import io.ironcore.events.run.RunStats;
import io.ironcore.events.run.SnapshotCreated;
import io.ironcore.jobs.Run;

import java.time.Instant;
import java.util.List;

/** A run as the API shows it. */
public record RunView(String id, String jobId, String jobName, String action, String trigger, String state,
                      Instant requestedAt, Instant startedAt, Instant finishedAt, String workerId, int attempt,
                      String reason, Progress progress, RunStats stats, List<SnapshotCreated> snapshots) {

    /** How far a running run is, from its last RunProgress. */
    public record Progress(long bytesDone, long bytesTotal, long bytesPerSecond) {
    }

    public static RunView of(Run r) {
        Progress progress = r.bytesDone == null ? null : new Progress(r.bytesDone, r.bytesTotal == null ? 0
                : r.bytesTotal, r.bytesPerSecond == null ? 0 : r.bytesPerSecond);
        return new RunView(r.id.toString(), r.jobId.toString(), r.jobName, r.action == null ? null : r.action.wire(),
                r.trigger == null ? null : r.trigger.wire(), r.state.name(), r.requestedAt, r.startedAt, r.finishedAt,
                r.workerId, r.attempt, r.reason, progress, r.stats, r.snapshots);
    }
}
