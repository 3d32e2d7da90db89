package io.ironcore.scheduler.messaging;

import io.ironcore.eventing.inbox.Inbox;
import io.ironcore.events.CloudEvent;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.job.JobCreated;
import io.ironcore.scheduler.JobSchedule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Keeps every job's schedule, once per event. */
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
        if (EventTypes.JOB_CREATED.equals(event.type())) {
            JobCreated e = EventJson.read(event.data(), JobCreated.class);
            JobSchedule s = JobSchedule.findById(e.jobId());
            if (s == null) {
                s = new JobSchedule();
                s.jobId = e.jobId();
            }
            s.jobName = e.name();
            s.schedule = e.spec().schedule();
            s.timezone = e.spec().timezone() == null ? "UTC" : e.spec().timezone();
            s.enabled = e.spec().enabled();
            s.updatedAt = e.createdAt();
            s.persist();
        }
    }
}
