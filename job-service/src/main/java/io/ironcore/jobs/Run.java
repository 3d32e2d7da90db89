package io.ironcore.jobs;

import io.ironcore.events.run.RunAction;
import io.ironcore.events.run.RunRequested;
import io.ironcore.events.run.RunStats;
import io.ironcore.events.run.SnapshotCreated;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One run of a job, as the run events tell it. */
@Entity
@Table(name = "run")
public class Run extends PanacheEntityBase {
    /**
     * Lifecycle of a run. Queued until a worker claims it. Skipped: a scheduled slot that did not run, with the
     * reason (the previous run was still going).
     */
    public enum State {
        Queued, Running, Completed, Failed, Skipped;

        public boolean terminal() {
            return this == Completed || this == Failed || this == Skipped;
        }
    }

    @Id
    public UUID id;
    @Column(name = "job_id")
    public UUID jobId;
    @Column(name = "job_name")
    public String jobName;
    /** Stored as its wire string ({@code manual}, {@code schedule}). */
    @Convert(converter = TriggerColumn.class)
    public RunRequested.Trigger trigger;
    @Column(name = "tick_id")
    public String tickId;
    @Enumerated(EnumType.STRING)
    public State state;
    public Instant requestedAt;
    public Instant startedAt;
    public Instant finishedAt;
    public String workerId;
    public int attempt;
    public String reason;
    public String idempotencyKey;
    /** Stored as its wire string, like {@link Job#action}. */
    @Convert(converter = Job.ActionColumn.class)
    public RunAction action;
    public String datastore;
    public Long bytesDone;
    public Long bytesTotal;
    public Long bytesPerSecond;
    public String requestedBy;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public RunStats stats;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public List<SnapshotCreated> snapshots;

    /*
     * The run's lifecycle, the one place its rules live: a finished run never goes back to Running (a late or
     * redelivered RunStarted or RunProgress changes nothing), a completed run stays completed (a RunFailed after it,
     * e.g. of an attempt the worker gave up on, changes nothing), and a completion applies over anything before it,
     * a failure too (a later attempt may complete a run an earlier attempt failed).
     */

    /**
     * A worker started (or started again) the run. Returns false, changing nothing, when the run has finished.
     */
    public boolean markStarted(Instant startedAt, String workerId, int attempt) {
        if (state.terminal()) {
            return false;
        }
        this.state = State.Running;
        this.startedAt = startedAt;
        this.workerId = workerId;
        this.attempt = attempt;
        return true;
    }

    /** How far the run has got. Returns false, changing nothing, when the run has finished. */
    public boolean recordProgress(long bytesDone, long bytesTotal, long bytesPerSecond) {
        if (state.terminal()) {
            return false;
        }
        this.bytesDone = bytesDone;
        this.bytesTotal = bytesTotal;
        this.bytesPerSecond = bytesPerSecond;
        return true;
    }

    /**
     * The run completed. Always applies (see the rules above); the start time the run already has is kept, else the
     * completion's is taken, and the reason of an earlier failure is cleared.
     */
    public void markCompleted(Instant startedAt, Instant completedAt, String workerId, RunStats stats,
                              List<SnapshotCreated> snapshots) {
        this.state = State.Completed;
        this.startedAt = this.startedAt == null ? startedAt : this.startedAt;
        this.finishedAt = completedAt;
        this.workerId = workerId;
        this.stats = stats;
        this.snapshots = snapshots;
        this.reason = null;
    }

    /** The run failed. Returns false, changing nothing, when the run has completed. */
    public boolean markFailed(Instant failedAt, String workerId, int attempt, String reason) {
        if (state == State.Completed) {
            return false;
        }
        this.state = State.Failed;
        this.finishedAt = failedAt;
        this.workerId = workerId;
        this.attempt = attempt;
        this.reason = reason;
        return true;
    }

    /** When the run last moved: when it finished, else when it started, else when it was requested. */
    public Instant lastMovedAt() {
        return finishedAt != null ? finishedAt : startedAt != null ? startedAt : requestedAt;
    }

    public static List<Run> ofJob(UUID jobId) {
        return list("jobId = ?1 order by requestedAt desc", jobId);
    }

    /** {@code run.trigger} holds a trigger's wire string. */
    @Converter
    public static class TriggerColumn extends WireColumn<RunRequested.Trigger> {
        public TriggerColumn() {
            super(RunRequested.Trigger::wire, RunRequested.Trigger::fromWire);
        }
    }
}
