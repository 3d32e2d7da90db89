package io.ironcore.jobs;

import io.ironcore.events.job.JobSpec;
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
import java.util.Optional;
import java.util.UUID;

/** The read model of a backup job. Every change to it appends its event to the outbox in the same transaction. */
@Entity
@Table(name = "job")
public class Job extends PanacheEntityBase {
    @Id
    public UUID id;
    public String project;
    public String name;
    public String description;
    public String type;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "source_ids", columnDefinition = "jsonb")
    public List<String> sourceIds = new ArrayList<>();
    public String datastore;
    public String namespace;
    public String mode;
    public String schedule;
    public String timezone;
    public String retention;
    @Column(name = "notification_mode")
    public String notificationMode;
    @Column(name = "notification_group")
    public String notificationGroup;
    public boolean enabled;
    public long version;
    public Instant createdAt;
    public Instant updatedAt;

    public static Optional<Job> findByName(String project, String name) {
        return find("project = ?1 and name = ?2", project, name).firstResultOptional();
    }

    public JobSpec spec() {
        return new JobSpec(type, List.copyOf(sourceIds), datastore, namespace, mode, schedule, timezone, retention,
                notificationMode, notificationGroup, enabled);
    }
}
