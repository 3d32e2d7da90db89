package io.ironcore.sync;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A sync job as job-service published it: where from, where to, the target's retention, and whose groups it copies
 * (its project's, or every project's for a system administrator's sync job across projects).
 */
@Entity
@Table(name = "sync_job")
public class SyncJobConfig extends PanacheEntityBase {
    @Id
    public String id;
    public String name;
    public String project;
    @Column(name = "source_name")
    public String sourceName;
    @Column(name = "source_path")
    public String sourcePath;
    @Column(name = "source_namespace")
    public String sourceNamespace;
    @Column(name = "target_name")
    public String targetName;
    @Column(name = "target_path")
    public String targetPath;
    @Column(name = "target_namespace")
    public String targetNamespace;
    public String retention;
    public String timezone;
    public boolean enabled;
    @Column(name = "all_projects")
    public boolean allProjects;
}
