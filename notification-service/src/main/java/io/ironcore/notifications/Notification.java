package io.ironcore.notifications;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One notification delivered, or refused for good ({@link #outcome} {@code refused}, with the reason). */
@Entity
@Table(name = "notification")
public class Notification extends PanacheEntityBase {
    @Id
    public UUID id;
    public String eventId;
    public String jobId;
    public String runId;
    public String channel;
    public String target;
    public Instant sentAt;
    /** {@code delivered} or {@code refused}. */
    public String outcome = DELIVERED;
    /** Why it was refused: the egress rule, or the redirect not followed. */
    public String reason;

    public static final String DELIVERED = "delivered";
    public static final String REFUSED = "refused";
}
