package io.ironcore.sync;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * One run of a sync job, one per tick or Run Now: QUEUED, then RUNNING (claimed by one instance), then DONE or FAILED;
 * CANCELLED if its sync job was deleted while it was queued.
 */
@Entity
@Table(name = "sync_run")
public class SyncRun extends PanacheEntityBase {
    /** Where a sync run is; the names are the strings {@code sync_run.state} holds. */
    public enum State {
        QUEUED, RUNNING, DONE, FAILED, CANCELLED
    }

    /** {@code syncJobId@scheduledFor}: the tick's id, or the Run Now's. */
    @Id
    public String id;
    @Column(name = "sync_job_id")
    public String syncJobId;
    @Enumerated(EnumType.STRING)
    public State state;
    @Column(name = "scheduled_for")
    public Instant scheduledFor;
    @Column(name = "queued_at")
    public Instant queuedAt;
    public String owner;
    @Column(name = "heartbeat_at")
    public Instant heartbeatAt;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
    public int copied;
    @Column(name = "already_present")
    public int alreadyPresent;
    public int removed;
    @Column(name = "bytes_copied")
    public long bytesCopied;
    public String reason;
}
