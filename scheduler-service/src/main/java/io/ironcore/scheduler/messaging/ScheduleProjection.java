package io.ironcore.scheduler.messaging;

import io.ironcore.eventing.inbox.Inbox;
import io.ironcore.events.CloudEvent;
import io.ironcore.events.job.JobChange;
import io.ironcore.scheduler.JobSchedule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Keeps every job's schedule and enabled flag, once per event, in job version order. */
@ApplicationScoped
public class ScheduleProjection {
    static final String CONSUMER = "scheduler-service.schedules";

    @Inject
    Inbox inbox;

    @Transactional
    public void handle(CloudEvent event) {
        if (!inbox.firstDelivery(CONSUMER, event)) {
            return;
        }
        JobChange.of(event).ifPresent(this::apply);
    }

    private void apply(JobChange c) {
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
            s.timezone = "UTC";
        }
        s.jobName = c.name();
        if (c.spec() != null) {
            s.schedule = c.spec().schedule();
            s.timezone = c.spec().timezone() == null ? "UTC" : c.spec().timezone();
        }
        if (c.enabled() != null) {
            s.enabled = c.enabled();
        }
        s.version = c.version();
        s.updatedAt = c.at();
        s.persist();
    }
}
