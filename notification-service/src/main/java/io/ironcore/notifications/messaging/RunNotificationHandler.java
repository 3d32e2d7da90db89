package io.ironcore.notifications.messaging;

import io.ironcore.eventing.inbox.Inbox;
import io.ironcore.events.CloudEvent;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.job.NotificationTarget;
import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.RunFailed;
import io.ironcore.events.sync.SyncFailed;
import io.ironcore.notifications.JobSettings;
import io.ironcore.notifications.Notification;
import io.ironcore.notifications.config.NotificationConfig;
import io.ironcore.notifications.mail.MailSender;
import io.ironcore.notifications.webhook.RunSummary;
import io.ironcore.notifications.webhook.WebhookRefusedException;
import io.ironcore.notifications.webhook.WebhookSender;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Tells of finished runs by the job's notification mode: always (every run), errors (failed runs) or never, to the
 * operators' webhook and to every recipient of the job's notification group (webhook URLs and email addresses); and of
 * failed sync runs (a weekly archival that did not reach the Backup site), to the operators' webhook. Each
 * delivery is recorded in a transaction of its own as soon as it succeeded; if one recipient fails, the others still
 * get theirs, the handler fails, the inbox row rolls back and the event is retried for the recipients that have not
 * got it (and, after the retries, goes to the dead-letter topic). The message id is derived from the event id and the
 * recipient, so a receiver can drop a repeat. A group's webhook that the egress policy refuses (an inside address,
 * checked again at every attempt) or that answers with a redirect is a failed delivery for good: recorded as
 * {@code refused} with the reason, not retried, and not a reason to dead-letter the event.
 */
@ApplicationScoped
public class RunNotificationHandler {
    private static final Logger LOG = Logger.getLogger(RunNotificationHandler.class);

    @Inject
    Inbox inbox;
    /**
     * The inbox's consumer name is the run-events channel's Kafka group id; the sync events (a group of their own)
     * are recorded under it too.
     */
    @ConfigProperty(name = "mp.messaging.incoming.run-events.group.id")
    String consumer;
    @Inject
    NotificationConfig config;
    @Inject
    WebhookSender webhooks;
    @Inject
    MailSender mail;
    @Inject
    Clock clock;
    @Inject
    Deliveries deliveries;

    @Transactional
    public void handle(CloudEvent event) {
        RunSummary summary = switch (event.type()) {
            case EventTypes.RUN_COMPLETED -> completed(event);
            case EventTypes.RUN_FAILED -> failed(event);
            case EventTypes.SYNC_FAILED -> syncFailed(event);
            default -> null;
        };
        if (summary == null || !inbox.firstDelivery(consumer, event)) {
            return;
        }
        // a sync job has no notification settings of its own: its failures go to the operators' webhook
        JobSettings settings = summary.type().startsWith("sync.") ? null : JobSettings.findById(summary.jobId());
        if (!JobSettings.wants(settings, "Failed".equals(summary.status()))) {
            return;
        }
        RuntimeException failure = null;
        for (Recipient r : recipients(settings)) {
            if (deliveries.delivered(event.id(), r.target())) {
                continue; // delivered by an earlier attempt at this event
            }
            String messageId = "msg_"
                    + UUID.nameUUIDFromBytes((event.id() + "|" + r.target()).getBytes(StandardCharsets.UTF_8));
            String refused;
            try {
                refused = deliver(r, messageId, summary);
            } catch (RuntimeException e) {
                // the other recipients still get theirs; the event is retried for this one afterwards
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
                continue;
            }
            record(event, summary, r, refused);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Delivers to one recipient: null when delivered, the reason when refused for good (the egress policy, a
     * redirect, a URL that is not one); a failure worth retrying is thrown.
     */
    private String deliver(Recipient r, String messageId, RunSummary summary) {
        try {
            if (r.via() == Via.OPERATORS) {
                webhooks.sendToOperators(URI.create(r.target()), messageId, summary);
            } else if (r.via() == Via.WEBHOOK) {
                webhooks.send(URI.create(r.target()), messageId, summary);
            } else {
                mail.send(r.target(), messageId, summary);
            }
            return null;
        } catch (WebhookRefusedException e) {
            LOG.warnf("%s %s not delivered: %s", r.via(), messageId, e.getMessage());
            return e.getMessage();
        } catch (IllegalArgumentException e) {
            if (r.via() == Via.EMAIL) {
                throw e;
            }
            LOG.warnf("%s %s not delivered: %s is not a valid URL", r.via(), messageId, r.target());
            return r.target() + " is not allowed: not a valid URL";
        }
    }

    private void record(CloudEvent event, RunSummary summary, Recipient r, String refused) {
        Notification n = new Notification();
        n.id = UUID.randomUUID();
        n.eventId = event.id();
        n.jobId = summary.jobId();
        n.runId = summary.runId();
        n.channel = r.via().channel;
        n.target = r.target();
        n.sentAt = clock.instant();
        if (refused != null) {
            n.outcome = Notification.Outcome.REFUSED;
            n.reason = refused;
        }
        deliveries.record(n);
    }

    /** A place a notification goes: {@code webhook} (a URL) or {@code email} (an address). */
    record Recipient(Via via, String target) {
    }

    /** How a recipient is reached, and the channel its notification is recorded under; named so in the log. */
    enum Via {
        /** The operators' webhook: a webhook of the operator's configuration, not checked by the egress policy. */
        OPERATORS("operators", Notification.Channel.WEBHOOK),
        WEBHOOK("webhook", Notification.Channel.WEBHOOK),
        EMAIL("email", Notification.Channel.EMAIL);

        private final String name;
        final Notification.Channel channel;

        Via(String name, Notification.Channel channel) {
            this.name = name;
            this.channel = channel;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * Who is told of a run: the operators' webhook (ironcore.notification.webhook-url), then each recipient of the
     * job's notification group (webhook URLs and email addresses), each once.
     */
    private Set<Recipient> recipients(JobSettings settings) {
        Set<Recipient> out = new LinkedHashSet<>();
        config.webhookUrl().ifPresent(u -> out.add(new Recipient(Via.OPERATORS, u.toString())));
        if (settings != null && settings.notificationTargets != null) {
            for (String t : settings.notificationTargets) {
                NotificationTarget target = NotificationTarget.parse(t).orElse(null);
                if (target == null) {
                    // job-service accepts only URLs and addresses; a target from before that check is skipped, not
                    // retried for ever
                    LOG.warnf("job %s: notification target '%s' is neither a URL nor an address; skipped",
                            settings.jobName, t);
                } else {
                    Via via = target.kind() == NotificationTarget.Kind.WEBHOOK ? Via.WEBHOOK : Via.EMAIL;
                    out.add(new Recipient(via, t));
                }
            }
        }
        return out;
    }

    private static RunSummary completed(CloudEvent event) {
        RunCompleted e = EventJson.read(event.data(), RunCompleted.class);
        return new RunSummary("run.completed", "Completed", e.jobName(), e.jobId(), e.runId(), e.workerId(),
                e.startedAt(), e.completedAt(), e.stats(), e.snapshots(), null, event.id());
    }

    private static RunSummary syncFailed(CloudEvent event) {
        SyncFailed e = EventJson.read(event.data(), SyncFailed.class);
        return new RunSummary("sync.failed", "Failed", e.syncJobName(), e.syncJobId(), e.syncRunId(), null, null,
                e.failedAt(), null, null, e.reason(), event.id());
    }

    private static RunSummary failed(CloudEvent event) {
        RunFailed e = EventJson.read(event.data(), RunFailed.class);
        return new RunSummary("run.failed", "Failed", e.jobName(), e.jobId(), e.runId(), e.workerId(), null,
                e.failedAt(), null, null, e.reason(), event.id());
    }
}
