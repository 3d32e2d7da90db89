package io.ironcore.notifications;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One notification delivered. */
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
}
