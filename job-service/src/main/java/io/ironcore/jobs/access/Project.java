package io.ironcore.jobs.access;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A project: a tenant whose members see and manage only its jobs. */
@Entity
@Table(name = "project")
public class Project extends PanacheEntityBase {
    public static final String DEFAULT = "default";

    @Id
    public String name;
    public String description;
    public Instant createdAt;
}
