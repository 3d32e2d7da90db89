package io.ironcore.sync;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;

/** A full snapshot on a primary datastore that a sync job may copy to the Backup site. */
@Entity
@Table(name = "sync_candidate")
@IdClass(SyncCandidate.Key.class)
public class SyncCandidate extends PanacheEntityBase {
    @Id
    public String datastore;
    @Id
    public String snapshotId;
    public String runId;
    public String jobId;
    public Instant completedAt;

    /** The primary key. */
    public record Key(String datastore, String snapshotId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
