package io.ironcore.prune;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;

/** A prune pass due after a completed run: the job's snapshots in that datastore and namespace. */
@Entity
@Table(name = "prune_pass")
public class PrunePass extends PanacheEntityBase {
    /** Where a pass is; the names are the strings {@code prune_pass.state} holds. */
    public enum State {
        PENDING, DONE, FAILED
    }

    @Id
    public String runId;
    public String jobId;
    public String datastore;
    public String namespace;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public List<String> snapshots;
    @Enumerated(EnumType.STRING)
    public State state;
    public Instant completedAt;
    public Integer kept;
    public Integer removed;
    public Instant prunedAt;
}
