package io.ironcore.scheduler;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A tick fired: one per job and slot, ever. */
@Entity
@Table(name = "tick")
public class Tick extends PanacheEntityBase {
    @Id
    public String tickId;
    public String jobId;
    public Instant scheduledFor;
    public Instant firedAt;
    public boolean catchUp;
}
