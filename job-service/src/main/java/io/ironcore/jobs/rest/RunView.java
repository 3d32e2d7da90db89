package io.ironcore.jobs.rest;

import io.ironcore.events.run.RunStats;
import io.ironcore.events.run.SnapshotCreated;
import io.ironcore.jobs.Run;

import java.time.Instant;
import java.util.List;

/** A run as the API shows it. */
public record RunView(String id, String jobId, String jobName, String trigger, String state, Instant requestedAt,
                      Instant startedAt, Instant finishedAt, String workerId, int attempt, String reason,
                      RunStats stats, List<SnapshotCreated> snapshots) {
    public static RunView of(Run r) {
        return new RunView(r.id.toString(), r.jobId.toString(), r.jobName, r.trigger, r.state.name(), r.requestedAt,
                r.startedAt, r.finishedAt, r.workerId, r.attempt, r.reason, r.stats, r.snapshots);
    }
}
