package io.ironcore.jobs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A snapshot a job made, as the run and prune events tell it. */
@Entity
@Table(name = "snapshot")
public class Snapshot extends PanacheEntityBase {
    @Id
    public String snapshotId;
    public UUID jobId;
    public UUID runId;
    public String datastore;
    public String namespace;
    public String sourceId;
    public Instant createdAt;
    public long sizeBytes;
    @jakarta.persistence.Column(name = "protected")
    public boolean isProtected;
    /** Why the last prune pass kept it. */
    public String keptReason;
    public Instant removedAt;
    @jakarta.persistence.Column(name = "removed_why")
    public String removedWhy;
}
