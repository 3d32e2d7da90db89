package io.ironcore.notifications.messaging;

import io.ironcore.eventing.inbox.Inbox;
import io.ironcore.eventing.projection.JobProjection;
import io.ironcore.events.CloudEvent;
import io.ironcore.events.job.JobChange;
import io.ironcore.notifications.JobSettings;
import io.ironcore.notifications.NotificationMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;

/** Keeps each job's notification mode and group, once per event, in job version order. */
@ApplicationScoped
public class JobSettingsHandler {
    private static final SettingsRows ROWS = new SettingsRows();

    @Inject
    Inbox inbox;
    /** The inbox's consumer name is the channel's Kafka group id. */
    @ConfigProperty(name = "mp.messaging.incoming.job-events.group.id")
    String consumer;

    @Transactional
    public void handle(CloudEvent event) {
        if (!inbox.firstDelivery(consumer, event)) {
            return;
        }
        JobChange.of(event).ifPresent(c -> JobProjection.apply(c, ROWS));
    }

    /** Each job's JobSettings row; a deleted job's row goes. Pausing or resuming a job changes none of them. */
    private static final class SettingsRows implements JobProjection.Rows<JobSettings> {
        @Override
        public JobSettings find(String jobId) {
            return JobSettings.findById(jobId);
        }

        @Override
        public JobSettings create(String jobId) {
            JobSettings s = new JobSettings();
            s.jobId = jobId;
            return s;
        }

        @Override
        public long version(JobSettings s) {
            return s.version;
        }

        @Override
        public void write(JobSettings s, JobChange c) {
            s.jobName = c.name();
            s.project = c.project();
            s.jobAction = c.spec().action() == null ? "backup" : c.spec().action();
            s.jobMode = c.spec().mode() == null ? null : c.spec().mode().wire();
            s.notificationMode = NotificationMode.of(c.spec().notificationMode());
            s.notificationGroup = c.spec().notificationGroup();
            s.notificationTargets = c.spec().notificationTargets() == null ? new ArrayList<>()
                    : new ArrayList<>(c.spec().notificationTargets());
            s.version = c.version();
            s.updatedAt = c.at();
        }

        @Override
        public void persist(JobSettings s) {
            s.persist();
        }

        @Override
        public void deleted(JobSettings s, JobChange c) {
            if (s != null) {
                s.delete();
            }
        }
    }
}
