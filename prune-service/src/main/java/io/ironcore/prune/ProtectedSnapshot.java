package io.ironcore.prune;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A snapshot a user protected. */
@Entity
@Table(name = "protected_snapshot")
public class ProtectedSnapshot extends PanacheEntityBase {
    @Id
    public String snapshotId;
    public String jobId;
    public String changedBy;
    public Instant changedAt;
}
