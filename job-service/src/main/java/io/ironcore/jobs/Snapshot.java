package io.ironcore.jobs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A snapshot a job made, as the run and prune events tell it. It outlives its job: the catalog keeps the project
 * (filled in by the database from the run, see V10), so the project's members still list, verify and restore it
 * after the job is deleted.
 */
@Entity
@Table(name = "snapshot")
public class Snapshot extends PanacheEntityBase {
    @Id
    public String snapshotId;
    public UUID jobId;
    /** The project of the job that made it; written by the database on insert, never by this code. */
    @Column(insertable = false, updatable = false)
    public String project;
    public UUID runId;
    public String datastore;
    public String namespace;
    public String sourceId;
    public Instant createdAt;
    public long sizeBytes;
    @Column(name = "protected")
    public boolean isProtected;
    /** Why the last prune pass kept it. */
    public String keptReason;
    public Instant removedAt;
    @Column(name = "removed_why")
    public String removedWhy;

    /** The snapshot if a job of the project made it and it still exists, else null. */
    public static Snapshot live(String project, String snapshotId) {
        Snapshot s = findById(snapshotId);
        return s != null && project.equals(s.project) && s.removedAt == null ? s : null;
    }

    /** The project's snapshots that still exist, newest first. */
    public static List<Snapshot> ofProject(String project) {
        return list("project = ?1 and removedAt is null order by createdAt desc, snapshotId", project);
    }
}
