package io.ironcore.jobs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A project's notification group: where its jobs' notifications go (email addresses, webhook URLs). */
@Entity
@Table(name = "notification_group")
@IdClass(NotificationGroup.Key.class)
public class NotificationGroup extends PanacheEntityBase {
    @Id
    public String project;
    @Id
    public String name;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public List<String> targets = new ArrayList<>();
    public Instant createdAt;

    public static NotificationGroup find(String project, String name) {
        return findById(new Key(project, name));
    }

    /** The primary key. */
    public record Key(String project, String name) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
