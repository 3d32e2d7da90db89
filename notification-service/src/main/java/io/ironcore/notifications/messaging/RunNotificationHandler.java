package io.ironcore.notifications.messaging;

import io.ironcore.eventing.inbox.Inbox;
import io.ironcore.events.CloudEvent;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.RunFailed;
import io.ironcore.notifications.JobSettings;
import io.ironcore.notifications.Notification;
import io.ironcore.notifications.config.NotificationConfig;
import io.ironcore.notifications.webhook.RunSummary;
import io.ironcore.notifications.webhook.WebhookSender;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;

/**
 * Tells of finished runs by the job's notification mode: always (every run), errors (failed runs) or never. The
 * delivery happens inside the handler's transaction: if it fails, the inbox row rolls back with the rest and the
 * event is retried; the webhook id is derived from the event id, so receivers can drop a repeat.
 */
@ApplicationScoped
public class RunNotificationHandler {
    static final String CONSUMER = "notification-service.runs";
    static final String WEBHOOK = "webhook";

    @Inject
    Inbox inbox;
    @Inject
    NotificationConfig config;
    @Inject
    WebhookSender webhooks;
    @Inject
    Clock clock;

    @Transactional
    public void handle(CloudEvent event) {
        RunSummary summary = switch (event.type()) {
            case EventTypes.RUN_COMPLETED -> completed(event);
            case EventTypes.RUN_FAILED -> failed(event);
            default -> null;
        };
        if (summary == null || !inbox.firstDelivery(CONSUMER, event)) {
            return;
        }
        JobSettings settings = JobSettings.findById(summary.jobId());
        if (!JobSettings.wants(settings, "Failed".equals(summary.status()))) {
            return;
        }
        if (config.webhookUrl().isEmpty()) {
            return;
        }
        URI url = config.webhookUrl().get();
        String messageId = "msg_" + UUID.nameUUIDFromBytes((event.id() + "|" + url).getBytes(StandardCharsets.UTF_8));
        webhooks.send(url, messageId, summary);
        Notification n = new Notification();
        n.id = UUID.randomUUID();
        n.eventId = event.id();
        n.jobId = summary.jobId();
        n.runId = summary.runId();
        n.channel = WEBHOOK;
        n.target = url.toString();
        n.sentAt = clock.instant();
        n.persist();
    }

    private static RunSummary completed(CloudEvent event) {
        RunCompleted e = EventJson.read(event.data(), RunCompleted.class);
        return new RunSummary("run.completed", "Completed", e.jobName(), e.jobId(), e.runId(), e.workerId(),
                e.startedAt(), e.completedAt(), e.stats(), e.snapshots(), null, event.id());
    }

    private static RunSummary failed(CloudEvent event) {
        RunFailed e = EventJson.read(event.data(), RunFailed.class);
        return new RunSummary("run.failed", "Failed", e.jobName(), e.jobId(), e.runId(), e.workerId(), null,
                e.failedAt(), null, null, e.reason(), event.id());
    }
}
