package io.ironcore.jobs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A restore requested over the API, as the restore events tell it. */
@Entity
@Table(name = "restore")
public class Restore extends PanacheEntityBase {
    /** Lifecycle of a restore. */
    public enum State { Queued, Completed, Failed }

    @Id
    public UUID id;
    public String project;
    public UUID jobId;
    public String datastore;
    public String snapshotId;
    public String image;
    public String target;
    @Enumerated(EnumType.STRING)
    public State state;
    public String requestedBy;
    public Instant requestedAt;
    public Instant finishedAt;
    public String workerId;
    public String path;
    public Long bytes;
    public String reason;
}
