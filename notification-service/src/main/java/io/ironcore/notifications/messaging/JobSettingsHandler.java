package io.ironcore.notifications.messaging;

import io.ironcore.eventing.inbox.Inbox;
import io.ironcore.events.CloudEvent;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.job.JobCreated;
import io.ironcore.notifications.JobSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Keeps each job's notification mode and group, once per event. */
@ApplicationScoped
public class JobSettingsHandler {
    static final String CONSUMER = "notification-service.job-settings";

    @Inject
    Inbox inbox;

    @Transactional
    public void handle(CloudEvent event) {
        if (!inbox.firstDelivery(CONSUMER, event)) {
            return;
        }
        if (EventTypes.JOB_CREATED.equals(event.type())) {
            JobCreated e = EventJson.read(event.data(), JobCreated.class);
            JobSettings s = JobSettings.findById(e.jobId());
            if (s == null) {
                s = new JobSettings();
                s.jobId = e.jobId();
            }
            s.jobName = e.name();
            s.notificationMode = e.spec().notificationMode() == null ? JobSettings.ALWAYS : e.spec().notificationMode();
            s.notificationGroup = e.spec().notificationGroup();
            s.updatedAt = e.createdAt();
            s.persist();
        }
    }
}
