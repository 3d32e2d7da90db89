package io.ironcore.notifications;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A job's notification settings, as the job events tell them. */
@Entity
@Table(name = "job_settings")
public class JobSettings extends PanacheEntityBase {
    @Id
    public String jobId;
    public String jobName;
    public String project;
    /** The job's action: {@code backup}, {@code verify} or {@code gc}. */
    public String jobAction;
    /** The job's mode: {@code incremental} or {@code full}. */
    public String jobMode;
    @Convert(converter = NotificationMode.Column.class)
    public NotificationMode notificationMode;
    public String notificationGroup;
    /** The group's recipients: webhook URLs and email addresses. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "notification_targets", columnDefinition = "jsonb")
    public List<String> notificationTargets = new ArrayList<>();
    public long version;
    public Instant updatedAt;

    /** Whether messages about the job go out at all (its mode is not never; always when the job is unknown). */
    public static boolean anyMessages(JobSettings settings) {
        return settings == null || settings.notificationMode != NotificationMode.NEVER;
    }

    /** Whether a run with this outcome is to be told, by the job's mode (always when the job is unknown). */
    public static boolean wants(JobSettings settings, boolean failed) {
        NotificationMode mode = settings == null ? NotificationMode.ALWAYS : settings.notificationMode;
        return switch (mode) {
            case NEVER -> false;
            case ERRORS -> failed;
            case ALWAYS -> true;
        };
    }
}
