package io.ironcore.scheduler.service;

import io.ironcore.eventing.outbox.Outbox;
import io.ironcore.events.job.JobSpec;
import io.ironcore.events.schedule.ScheduleTick;
import io.ironcore.scheduler.JobSchedule;
import io.ironcore.scheduler.config.SchedulerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;

/**
 * Fires the due slots of the schedules this instance owns. Each tick commits with its schedule's new position and
 * goes out through the outbox; its id {@code jobId@scheduledFor} is the key of the tick table, so no slot is ever
 * fired twice, by this instance or another. Slots in the catch-up window fire one by one (late); a job whose slots
 * were all missed longer ago (no scheduler ran) gets one catch-up run (run-once) or none (skip).
 */
@ApplicationScoped
public class TickFirer {
    @Inject
    EntityManager em;
    @Inject
    Outbox outbox;
    @Inject
    SchedulerConfig config;
    @Inject
    Clock clock;

    /** Fires what is due now in the given partitions; returns the number of ticks fired. */
    @Transactional
    public int fireDue(Collection<Integer> partitions) {
        if (partitions.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        List<JobSchedule> due = em.createQuery("from JobSchedule s where s.enabled = true and s.nextDue <= :now "
                        + "and s.partition in :partitions order by s.nextDue", JobSchedule.class)
                .setParameter("now", now)
                .setParameter("partitions", partitions)
                .setMaxResults(config.batch())
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", -2) // SKIP LOCKED: another instance has it
                .getResultList();
        int fired = 0;
        for (JobSchedule s : due) {
            fired += fire(s, now);
        }
        return fired;
    }

    private int fire(JobSchedule s, Instant now) {
        int fired = 0;
        Instant slot = s.nextDue;
        Instant cutoff = now.minus(config.catchUpWindow());
        if (slot.isBefore(cutoff)) {
            Instant firstMissed = slot;
            slot = Slots.after(s, cutoff.minus(1, ChronoUnit.MICROS)).orElse(null);
            boolean nothingRecent = slot == null || slot.isAfter(now);
            if (nothingRecent && s.missedRunPolicy == JobSpec.MissedRuns.RUN_ONCE) {
                fired += tick(s, firstMissed, now, true);
                s.lastSlot = firstMissed;
            }
        }
        while (slot != null && !slot.isAfter(now)) {
            fired += tick(s, slot, now, false);
            s.lastSlot = slot;
            slot = Slots.after(s, slot).orElse(null);
        }
        s.nextDue = slot;
        return fired;
    }

    private int tick(JobSchedule s, Instant slot, Instant now, boolean catchUp) {
        String tickId = ScheduleTick.tickId(s.jobId, slot);
        int inserted = em.createNativeQuery("INSERT INTO tick (tick_id, job_id, scheduled_for, fired_at, catch_up) "
                        + "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING")
                .setParameter(1, tickId)
                .setParameter(2, s.jobId)
                .setParameter(3, OffsetDateTime.ofInstant(slot, ZoneOffset.UTC))
                .setParameter(4, OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .setParameter(5, catchUp)
                .executeUpdate();
        if (inserted == 0) {
            return 0;
        }
        outbox.append(s.jobId, (s.kind == ScheduleTick.Kind.SYNC ? "sync-jobs/" : "jobs/") + s.jobId,
                new ScheduleTick(tickId, s.jobId, s.kind, s.jobName, s.project, slot, now, catchUp));
        return 1;
    }
}
