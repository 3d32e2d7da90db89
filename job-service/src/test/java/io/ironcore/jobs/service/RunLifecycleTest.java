package io.ironcore.jobs.service;

import io.ironcore.events.run.RunStats;
import io.ironcore.events.run.SnapshotCreated;
import io.ironcore.jobs.Job;
import io.ironcore.jobs.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The run rules on plain entities (no Quarkus, no database): what each run event may change, and which run the job
 * keeps as its last one.
 */
class RunLifecycleTest {
    private static final Instant REQUESTED = Instant.parse("2026-12-01T02:00:00Z");
    private static final Instant STARTED = Instant.parse("2026-12-01T02:00:05Z");
    private static final Instant FINISHED = Instant.parse("2026-12-01T02:10:00Z");
    private static final RunStats STATS = new RunStats(10, 5, 4, 3, 2, 1, 0);

    private static Run run(Run.State state) {
        Run r = new Run();
        r.id = UUID.randomUUID();
        r.jobId = UUID.randomUUID();
        r.state = state;
        r.requestedAt = REQUESTED;
        return r;
    }

    private static Job jobWithLast(Run run) {
        Job job = new Job();
        job.id = run.jobId;
        job.enabled = true;
        job.lastRunRequested(run);
        return job;
    }

    @Test
    void startingAQueuedRunMakesItRunningWithItsWorkerAndAttempt() {
        Run r = run(Run.State.Queued);
        assertThat(r.markStarted(STARTED, "worker-1", 2)).isTrue();
        assertThat(r.state).isEqualTo(Run.State.Running);
        assertThat(r.startedAt).isEqualTo(STARTED);
        assertThat(r.workerId).isEqualTo("worker-1");
        assertThat(r.attempt).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(value = Run.State.class, names = {"Completed", "Failed", "Skipped"})
    void aFinishedRunNeverGoesBackToRunning(Run.State finished) {
        Run r = run(finished);
        r.workerId = "worker-1";
        assertThat(r.markStarted(STARTED, "worker-2", 3)).isFalse();
        assertThat(r.state).isEqualTo(finished);
        assertThat(r.startedAt).isNull();
        assertThat(r.workerId).isEqualTo("worker-1");
        assertThat(r.attempt).isZero();
    }

    @Test
    void progressIsRecordedWhileTheRunGoes() {
        Run r = run(Run.State.Running);
        assertThat(r.recordProgress(100, 400, 50)).isTrue();
        assertThat(List.of(r.bytesDone, r.bytesTotal, r.bytesPerSecond)).containsExactly(100L, 400L, 50L);
    }

    @ParameterizedTest
    @EnumSource(value = Run.State.class, names = {"Completed", "Failed", "Skipped"})
    void progressOfAFinishedRunChangesNothing(Run.State finished) {
        Run r = run(finished);
        assertThat(r.recordProgress(100, 400, 50)).isFalse();
        assertThat(r.bytesDone).isNull();
        assertThat(r.bytesTotal).isNull();
    }

    @Test
    void aFailureAfterTheCompletionChangesNothing() {
        Run r = run(Run.State.Running);
        r.markCompleted(STARTED, FINISHED, "worker-1", STATS, List.of());
        assertThat(r.markFailed(FINISHED.plusSeconds(60), "worker-2", 2, "lease lost")).isFalse();
        assertThat(r.state).isEqualTo(Run.State.Completed);
        assertThat(r.finishedAt).isEqualTo(FINISHED);
        assertThat(r.reason).isNull();
        assertThat(r.workerId).isEqualTo("worker-1");
    }

    @Test
    void aCompletionAfterAFailureWinsAndClearsTheReason() {
        Run r = run(Run.State.Running);
        assertThat(r.markFailed(STARTED.plusSeconds(1), "worker-1", 1, "datastore busy")).isTrue();
        SnapshotCreated snap = new SnapshotCreated("vm-1", "vm/vm-1/2026-12-01T02:00:05Z", 10, STARTED);
        r.markCompleted(STARTED, FINISHED, "worker-2", STATS, List.of(snap));
        assertThat(r.state).isEqualTo(Run.State.Completed);
        assertThat(r.reason).isNull();
        assertThat(r.finishedAt).isEqualTo(FINISHED);
        assertThat(r.workerId).isEqualTo("worker-2");
        assertThat(r.stats).isEqualTo(STATS);
        assertThat(r.snapshots).containsExactly(snap);
    }

    @Test
    void aFailureOfALaterAttemptReplacesTheEarlierOne() {
        Run r = run(Run.State.Running);
        r.markFailed(STARTED, "worker-1", 1, "first");
        assertThat(r.markFailed(FINISHED, "worker-2", 2, "second")).isTrue();
        assertThat(r.reason).isEqualTo("second");
        assertThat(r.attempt).isEqualTo(2);
        assertThat(r.finishedAt).isEqualTo(FINISHED);
    }

    @Test
    void theCompletionKeepsTheStartTimeTheRunHas() {
        Run r = run(Run.State.Queued);
        r.markStarted(STARTED, "worker-1", 1);
        r.markCompleted(STARTED.plusSeconds(30), FINISHED, "worker-1", STATS, List.of());
        assertThat(r.startedAt).isEqualTo(STARTED);
    }

    @Test
    void theCompletionGivesAStartTimeToARunThatHadNone() {
        Run r = run(Run.State.Queued);
        r.markCompleted(STARTED, FINISHED, "worker-1", STATS, List.of());
        assertThat(r.startedAt).isEqualTo(STARTED);
    }

    @Test
    void aRequestedRunIsTheJobsLastRunQueuedAtItsRequestTime() {
        Run r = run(Run.State.Queued);
        Job job = jobWithLast(r);
        assertThat(job.lastRunId).isEqualTo(r.id);
        assertThat(job.lastRunState).isEqualTo("Queued");
        assertThat(job.lastRunAt).isEqualTo(REQUESTED);
        assertThat(job.state()).isEqualTo("Running");
    }

    @Test
    void theJobFollowsItsLastRunFromStartToFinish() {
        Run r = run(Run.State.Queued);
        Job job = jobWithLast(r);
        r.markStarted(STARTED, "worker-1", 1);
        assertThat(job.recordLastRun(r)).isTrue();
        assertThat(job.lastRunState).isEqualTo("Running");
        assertThat(job.lastRunAt).isEqualTo(STARTED);
        r.markCompleted(STARTED, FINISHED, "worker-1", STATS, List.of());
        assertThat(job.recordLastRun(r)).isTrue();
        assertThat(job.lastRunState).isEqualTo("Completed");
        assertThat(job.lastRunAt).isEqualTo(FINISHED);
        assertThat(job.state()).as("a job without a schedule shows its last run's outcome").isEqualTo("Completed");
    }

    @Test
    void anEarlierRunDoesNotChangeTheJobsLastRun() {
        Run earlier = run(Run.State.Queued);
        Job job = jobWithLast(earlier);
        Run later = run(Run.State.Queued);
        later.jobId = earlier.jobId;
        later.requestedAt = REQUESTED.plusSeconds(60);
        job.lastRunRequested(later);
        earlier.markFailed(FINISHED, "worker-1", 1, "gone");
        assertThat(job.recordLastRun(earlier)).isFalse();
        assertThat(job.lastRunId).isEqualTo(later.id);
        assertThat(job.lastRunState).isEqualTo("Queued");
        assertThat(job.lastRunAt).isEqualTo(REQUESTED.plusSeconds(60));
    }
}
