package io.ironcore.jobs;

import io.ironcore.events.run.RunStats;
import io.ironcore.events.run.SnapshotCreated;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
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
    public String trigger;
    @Column(name = "tick_id")
    public String tickId;
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public State state;
    public Instant requestedAt;
    public Instant startedAt;
    public Instant finishedAt;
    public String workerId;
    public int attempt;
    public String reason;
    public String idempotencyKey;
    public String action;
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

    public static List<Run> ofJob(UUID jobId) {
        return list("jobId = ?1 order by requestedAt desc", jobId);
    }
}
