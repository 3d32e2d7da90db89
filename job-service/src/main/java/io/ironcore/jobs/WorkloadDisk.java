package io.ironcore.jobs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Which workload a disk image file belongs to: a file (by its absolute path) belongs to at most one workload of any
 * project, so no project can register, back up and restore another project's disk.
 */
@Entity
@Table(name = "workload_disk")
public class WorkloadDisk extends PanacheEntityBase {
    @Id
    public String path;
    @Column(name = "workload_id")
    public String workloadId;
    public String name;
    @Column(name = "source_root")
    public String sourceRoot;
    @Column(name = "relative_path")
    public String relativePath;
}
