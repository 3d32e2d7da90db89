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

/** A protected workload (a VM) of the inventory, with its disk images. */
@Entity
@Table(name = "workload")
public class Workload extends PanacheEntityBase {
    @Id
    public String id;
    public String name;
    public String project;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public List<String> tags = new ArrayList<>();
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public List<Disk> disks = new ArrayList<>();
    public Instant createdAt;

    /**
     * One disk image of the workload.
     *
     * @param name         the drive name inside snapshots, e.g. {@code drive-scsi0}
     * @param path         the absolute path workers read (the root's path and the relative path)
     * @param sourceRoot   the source root it lies below (absent for disks registered before source roots)
     * @param relativePath its path relative to that root
     */
    public record Disk(String name, String path, String sourceRoot, String relativePath) {
    }
}
