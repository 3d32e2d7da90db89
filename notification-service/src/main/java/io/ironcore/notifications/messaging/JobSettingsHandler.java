package io.ironcore.notifications.messaging;

import io.ironcore.eventing.inbox.Inbox;
import io.ironcore.events.CloudEvent;
import io.ironcore.events.job.JobChange;
import io.ironcore.notifications.JobSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.ArrayList;

/** Keeps each job's notification mode and group, once per event, in job version order. */
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
        JobChange.of(event).ifPresent(this::apply);
    }

    private void apply(JobChange c) {
        JobSettings s = JobSettings.findById(c.jobId());
        if (c.deleted()) {
            if (s != null) {
                s.delete();
            }
            return;
        }
        if (c.spec() == null || (s != null && !c.newerThan(s.version))) {
            return;
        }
        if (s == null) {
            s = new JobSettings();
            s.jobId = c.jobId();
        }
        s.jobName = c.name();
        s.notificationMode = c.spec().notificationMode() == null ? JobSettings.ALWAYS : c.spec().notificationMode();
        s.notificationGroup = c.spec().notificationGroup();
        s.notificationTargets = c.spec().notificationTargets() == null ? new ArrayList<>()
                : new ArrayList<>(c.spec().notificationTargets());
        s.version = c.version();
        s.updatedAt = c.at();
        s.persist();
    }
}
