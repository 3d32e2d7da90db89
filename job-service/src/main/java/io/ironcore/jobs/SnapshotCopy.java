package io.ironcore.jobs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** A copy a sync job made of a snapshot in another datastore (e.g. the Backup site), as the sync events tell it. */
@Entity
@Table(name = "snapshot_copy")
@IdClass(SnapshotCopy.Key.class)
public class SnapshotCopy extends PanacheEntityBase {
    @Id
    public String datastore;
    @Id
    @Column(name = "snapshot_id")
    public String snapshotId;
    @Column(name = "source_datastore")
    public String sourceDatastore;
    @Column(name = "source_snapshot_id")
    public String sourceSnapshotId;
    @Column(name = "sync_job_id")
    public UUID syncJobId;
    public String project;
    @Column(name = "copied_at")
    public Instant copiedAt;
    @Column(name = "removed_at")
    public Instant removedAt;
    @Column(name = "removed_why")
    public String removedWhy;

    /** The primary key: a snapshot id is unique within its datastore. */
    public record Key(String datastore, String snapshotId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    /** The copy in that datastore, if a sync job of the project made it and its target's retention kept it. */
    public static SnapshotCopy live(String project, String datastore, String snapshotId) {
        SnapshotCopy c = findById(new Key(datastore, snapshotId));
        return c != null && c.project.equals(project) && c.removedAt == null ? c : null;
    }
}
