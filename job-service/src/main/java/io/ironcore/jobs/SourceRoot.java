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
 * A directory on the workers' hosts under which disk images may be read, registered by a system administrator and
 * granted to projects. A workload's disk names a root and a path relative to it; the workers check the resulting
 * path against their own configured roots when they open it.
 */
@Entity
@Table(name = "source_root")
public class SourceRoot extends PanacheEntityBase {
    @Id
    public String name;
    /** Absolute and normalized, never {@code /}. */
    public String path;
    /** The projects whose workloads may read below this root; no project when empty. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "allowed_projects", columnDefinition = "jsonb")
    public List<String> allowedProjects = new ArrayList<>();
    @Column(name = "created_at")
    public Instant createdAt;

    public boolean grantedTo(String project) {
        return allowedProjects != null && allowedProjects.contains(project);
    }

    /** The path of a file below this root, given relative to it. */
    public String resolve(String relative) {
        return path + "/" + relative;
    }
}
