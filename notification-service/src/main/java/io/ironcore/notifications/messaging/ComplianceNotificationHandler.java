package io.ironcore.notifications.messaging;

import io.ironcore.eventing.inbox.Inbox;
import io.ironcore.events.CloudEvent;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.compliance.JobRpoBreached;
import io.ironcore.events.compliance.JobRpoRestored;
import io.ironcore.notifications.JobSettings;
import io.ironcore.notifications.delivery.Deliveries;
import io.ironcore.notifications.webhook.RpoSummary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Locale;

/**
 * A job's RPO transitions (JobRpoBreached, JobRpoRestored) go to the operators' webhook and to the webhooks and
 * addresses of the job's notification group, unless the job's notification mode is {@code never}; each delivery ends
 * in a NotificationSent or NotificationFailed like a run's. Once per event (the inbox).
 */
@ApplicationScoped
public class ComplianceNotificationHandler {
    @Inject
    Inbox inbox;
    @ConfigProperty(name = "mp.messaging.incoming.compliance-events.group.id")
    String consumer;
    @Inject
    Deliveries deliveries;

    @Transactional
    public void handle(CloudEvent event) {
        boolean breached = EventTypes.JOB_RPO_BREACHED.equals(event.type());
        if (!breached && !EventTypes.JOB_RPO_RESTORED.equals(event.type()) || !inbox.firstDelivery(consumer, event)) {
            return;
        }
        RpoSummary summary;
        if (breached) {
            JobRpoBreached e = EventJson.read(event.data(), JobRpoBreached.class);
            summary = new RpoSummary("job.rpo-breached", e.jobName(), e.jobId(), e.project(), e.state().wire(),
                    e.rpoSeconds(), e.lastGoodSnapshotAt(), e.breachedAt(), null, null, event.id());
        } else {
            JobRpoRestored e = EventJson.read(event.data(), JobRpoRestored.class);
            summary = new RpoSummary("job.rpo-restored", e.jobName(), e.jobId(), e.project(), null, e.rpoSeconds(),
                    e.lastGoodSnapshotAt(), e.restoredAt(), e.atRiskSeconds(), e.deleted() ? Boolean.TRUE : null,
                    event.id());
        }
        JobSettings settings = JobSettings.findById(summary.jobId());
        if (!JobSettings.anyMessages(settings)) {
            return;
        }
        String job = summary.job() != null ? summary.job() : settings == null ? summary.jobId() : settings.jobName;
        String project = summary.project() != null ? summary.project() : settings == null ? null : settings.project;
        deliveries.messages(new Deliveries.Notice(event, summary.jobId(), job, project, null), settings, summary,
                subject(job, summary), text(job, summary));
    }

    static String subject(String job, RpoSummary s) {
        return "[Ironcore Backup] " + job + ": " + (s.state() != null ? "RPO breached (" + s.state() + ")"
                : "RPO restored");
    }

    static String text(String job, RpoSummary s) {
        StringBuilder b = new StringBuilder();
        b.append("Job:       ").append(job).append('\n');
        if (s.project() != null) {
            b.append("Project:   ").append(s.project()).append('\n');
        }
        b.append("RPO:       ").append(human(s.rpoSeconds())).append('\n');
        if (s.state() != null) {
            b.append("At risk:   ").append(s.state()).append(" since ").append(s.at()).append('\n');
        } else {
            b.append("Restored:  ").append(s.at()).append('\n');
            if (s.atRiskSeconds() != null) {
                b.append("Was at risk for ").append(human(s.atRiskSeconds())).append('\n');
            }
            if (Boolean.TRUE.equals(s.deleted())) {
                b.append("The job was deleted.\n");
            }
        }
        b.append("Newest good snapshot: ").append(s.lastGoodSnapshotAt() == null ? "none"
                : s.lastGoodSnapshotAt().toString()).append('\n');
        return b.toString();
    }

    private static String human(long seconds) {
        return Duration.ofSeconds(seconds).toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
