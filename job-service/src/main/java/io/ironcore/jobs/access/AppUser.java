package io.ironcore.jobs.access;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A user. System administrators manage projects, users and datastores; everyone else acts through projects. */
@Entity
@Table(name = "app_user")
public class AppUser extends PanacheEntityBase {
    @Id
    public String name;
    public boolean systemAdmin;
    public Instant createdAt;
}
