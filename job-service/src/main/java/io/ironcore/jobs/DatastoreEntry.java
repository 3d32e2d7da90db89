package io.ironcore.jobs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A datastore in the registry: job-service's entry for it (where workers find it, who may write to it). The datastore
 * itself is libs/datastore's {@code io.ironcore.datastore.Datastore}.
 */
@Entity
@Table(name = "datastore")
public class DatastoreEntry extends PanacheEntityBase {
    @Id
    public String name;
    public String path;
    public Instant createdAt;
    /** Projects that may write to this datastore; empty means every project. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public List<String> allowedProjects = new ArrayList<>();

    public boolean allows(String project) {
        return allowedProjects == null || allowedProjects.isEmpty() || allowedProjects.contains(project);
    }
}
