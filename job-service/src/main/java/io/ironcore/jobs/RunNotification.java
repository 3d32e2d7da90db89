package io.ironcore.jobs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Whether a notification about a run reached its target: one delivery, as notification-service reported it. */
@Entity
@Table(name = "run_notification")
public class RunNotification extends PanacheEntityBase {
    /** The outcome of a delivery. */
    public enum Outcome {
        sent, failed
    }

    @Id
    @Column(name = "notification_id")
    public UUID notificationId;
    @Column(name = "run_id")
    public String runId;
    @Column(name = "job_id")
    public String jobId;
    /** The CloudEvents type of the event notified about (the run's completion, failure, skip). */
    @Column(name = "cause_type")
    public String causeType;
    /** webhook, email, influxdb or graphite. */
    @Column(name = "target_type")
    public String targetType;
    /** Where it went, without secrets. */
    public String target;
    @Enumerated(EnumType.STRING)
    public Outcome outcome;
    public int attempts;
    /** When it was sent, or when notification-service gave up. */
    public Instant at;
    public String reason;

    public static List<RunNotification> ofRun(String runId) {
        return list("runId = ?1 order by at, target", runId);
    }
}
