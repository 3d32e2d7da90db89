package io.ironcore.jobs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A datastore in the registry: where workers find it. */
@Entity
@Table(name = "datastore")
public class Datastore extends PanacheEntityBase {
    @Id
    public String name;
    public String path;
    public Instant createdAt;
}
