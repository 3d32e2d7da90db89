package io.ironcore.notifications;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A job's notification settings, as the job events tell them. */
@Entity
@Table(name = "job_settings")
public class JobSettings extends PanacheEntityBase {
    public static final String ALWAYS = "always";
    public static final String ERRORS = "errors";
    public static final String NEVER = "never";

    @Id
    public String jobId;
    public String jobName;
    public String notificationMode;
    public String notificationGroup;
    public long version;
    public Instant updatedAt;

    /** Whether a run with this outcome is to be told, by the job's mode (always when the job is unknown). */
    public static boolean wants(JobSettings settings, boolean failed) {
        String mode = settings == null ? ALWAYS : settings.notificationMode;
        return switch (mode) {
            case NEVER -> false;
            case ERRORS -> failed;
            default -> true;
        };
    }
}
