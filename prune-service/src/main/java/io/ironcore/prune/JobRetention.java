package io.ironcore.prune;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A job's retention, as the job events tell it. */
@Entity
@Table(name = "job_retention")
public class JobRetention extends PanacheEntityBase {
    @Id
    public String jobId;
    public String jobName;
    public String project;
    public String datastore;
    public String namespace;
    public String retention;
    public String timezone;
    public long version;
    public Instant updatedAt;
}
