package io.ironcore.jobs;

import io.ironcore.events.compliance.RpoState;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A backup job's RPO compliance as it was last found: the state, since when, and the RPO it was measured against.
 * The rules of a transition live here; job-service's {@code Compliance} applies them and publishes the events.
 */
@Entity
@Table(name = "job_compliance")
public class JobCompliance extends PanacheEntityBase {
    @Id
    @Column(name = "job_id")
    public UUID jobId;
    @Convert(converter = StateColumn.class)
    public RpoState state;
    @Column(name = "rpo_seconds")
    public long rpoSeconds;
    /** When the job entered the at-risk (or the not-at-risk) side of its current state. */
    public Instant since;
    @Column(name = "evaluated_at")
    public Instant evaluatedAt;

    /**
     * The state a job is in: paused is at risk whatever its snapshots; a job without a good snapshot is pending for
     * its first RPO after its creation, then never protected; else stale once its newest good snapshot is older
     * than the RPO.
     */
    public static RpoState stateOf(boolean enabled, Instant createdAt, Instant lastGoodSnapshotAt, Duration rpo,
                                   Instant now) {
        if (!enabled) {
            return RpoState.PAUSED;
        }
        if (lastGoodSnapshotAt == null) {
            return createdAt.plus(rpo).isBefore(now) ? RpoState.NEVER_PROTECTED : RpoState.PENDING;
        }
        return lastGoodSnapshotAt.plus(rpo).isBefore(now) ? RpoState.STALE : RpoState.PROTECTED;
    }

    /**
     * When a job in {@code state} became at risk: the pause (now, as found), else the RPO's deadline after its
     * newest good snapshot (or its creation).
     */
    public static Instant breachedAt(RpoState state, Instant createdAt, Instant lastGoodSnapshotAt, Duration rpo,
                                     Instant now) {
        return switch (state) {
            case STALE -> lastGoodSnapshotAt.plus(rpo);
            case NEVER_PROTECTED -> createdAt.plus(rpo);
            default -> now;
        };
    }

    /** The time the job is due to be at risk if nothing changes; null while it is at risk already or paused. */
    public static Instant deadline(RpoState state, Instant createdAt, Instant lastGoodSnapshotAt, Duration rpo) {
        return switch (state) {
            case PROTECTED -> lastGoodSnapshotAt.plus(rpo);
            case PENDING -> createdAt.plus(rpo);
            default -> null;
        };
    }

    /** {@code job_compliance.state} holds the state's wire string. */
    @Converter
    public static class StateColumn extends WireColumn<RpoState> {
        public StateColumn() {
            super(RpoState::wire, RpoState::fromWire);
        }
    }
}
