package io.ironcore.scheduler;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A job's (or sync job's) schedule as the job events tell it, and where its firing stands. */
@Entity
@Table(name = "job_schedule")
public class JobSchedule extends PanacheEntityBase {
    public static final String KIND_JOB = "job";
    public static final String KIND_SYNC = "sync";

    @Id
    public String jobId;
    public String kind;
    public String jobName;
    public String project;
    public String schedule;
    public String timezone;
    public boolean enabled;
    public String missedRunPolicy;
    public int partition;
    /** The next slot to fire; null while disabled, without a schedule, or when it never elapses again. */
    public Instant nextDue;
    /** The last slot fired. */
    public Instant lastSlot;
    public long version;
    public Instant updatedAt;
}
