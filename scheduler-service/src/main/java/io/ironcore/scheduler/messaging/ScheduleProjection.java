package io.ironcore.scheduler.messaging;

import io.ironcore.eventing.inbox.Inbox;
import io.ironcore.events.CloudEvent;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.job.JobChange;
import io.ironcore.events.job.JobSpec;
import io.ironcore.events.schedule.ScheduleTick;
import io.ironcore.events.sync.SyncJobCreated;
import io.ironcore.events.sync.SyncJobDeleted;
import io.ironcore.scheduler.JobSchedule;
import io.ironcore.scheduler.service.Slots;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps every job's and sync job's schedule, once per event, in job version order, with the Kafka partition its
 * events arrive on (the owner of that partition fires it). A new or changed schedule is due at its next slot from
 * now; a resumed job too, so the slots of the paused period are not fired.
 */
@ApplicationScoped
public class ScheduleProjection {
    /** The inbox's consumer name is the channel's Kafka group id. */
    @ConfigProperty(name = "mp.messaging.incoming.job-events.group.id")
    String consumer;

    @Inject
    Inbox inbox;
    @Inject
    Clock clock;

    @Transactional
    public void handle(CloudEvent event, int partition) {
        if (!inbox.firstDelivery(consumer, event)) {
            return;
        }
        if (EventTypes.SYNC_JOB_CREATED.equals(event.type())) {
            syncJob(EventJson.read(event.data(), SyncJobCreated.class), partition);
            return;
        }
        if (EventTypes.SYNC_JOB_DELETED.equals(event.type())) {
            JobSchedule s = JobSchedule.findById(EventJson.read(event.data(), SyncJobDeleted.class).syncJobId());
            if (s != null) {
                s.delete();
            }
            return;
        }
        JobChange.of(event).ifPresent(c -> apply(c, partition));
    }

    private void apply(JobChange c, int partition) {
        JobSchedule s = JobSchedule.findById(c.jobId());
        if (c.deleted()) {
            if (s != null) {
                s.delete();
            }
            return;
        }
        if (s != null && !c.newerThan(s.version)) {
            return;
        }
        if (s == null) {
            s = new JobSchedule();
            s.jobId = c.jobId();
            s.kind = ScheduleTick.Kind.JOB;
            s.timezone = "UTC";
            s.missedRunPolicy = JobSpec.MissedRuns.RUN_ONCE;
        }
        s.jobName = c.name();
        s.project = c.project();
        s.partition = partition;
        if (c.spec() != null) {
            s.schedule = c.spec().schedule();
            s.timezone = c.spec().timezone() == null ? "UTC" : c.spec().timezone();
            s.missedRunPolicy = c.spec().missedRunPolicy() == null ? JobSpec.MissedRuns.RUN_ONCE
                    : c.spec().missedRunPolicy();
        }
        if (c.enabled() != null) {
            s.enabled = c.enabled();
        }
        s.version = c.version();
        s.updatedAt = c.at();
        reschedule(s, clock.instant());
        s.persist();
    }

    private void syncJob(SyncJobCreated e, int partition) {
        JobSchedule s = JobSchedule.findById(e.syncJobId());
        if (s == null) {
            s = new JobSchedule();
            s.jobId = e.syncJobId();
            s.kind = ScheduleTick.Kind.SYNC;
            s.version = 1;
        }
        s.jobName = e.name();
        s.project = e.project();
        s.partition = partition;
        s.schedule = e.schedule();
        s.timezone = e.timezone() == null ? "UTC" : e.timezone();
        s.missedRunPolicy = JobSpec.MissedRuns.RUN_ONCE;
        s.enabled = e.enabled();
        s.updatedAt = e.createdAt();
        reschedule(s, clock.instant());
        s.persist();
    }

    /** The next slot after now, or after the last one fired if that is later; none while disabled. */
    static void reschedule(JobSchedule s, Instant now) {
        Instant from = s.lastSlot != null && s.lastSlot.isAfter(now) ? s.lastSlot : now;
        s.nextDue = s.enabled ? Slots.after(s, from).orElse(null) : null;
    }
}
