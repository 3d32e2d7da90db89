package io.ironcore.scheduler;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A job's schedule as the job events tell it. */
@Entity
@Table(name = "job_schedule")
public class JobSchedule extends PanacheEntityBase {
    @Id
    public String jobId;
    public String jobName;
    public String schedule;
    public String timezone;
    public boolean enabled;
    public long version;
    public Instant updatedAt;
}
