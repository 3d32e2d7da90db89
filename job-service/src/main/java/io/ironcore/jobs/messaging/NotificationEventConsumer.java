package io.ironcore.jobs.messaging;

import io.ironcore.eventing.consumer.EventProcessor;
import io.ironcore.eventing.inbox.Inbox;
import io.ironcore.events.CloudEvent;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.MalformedEventException;
import io.ironcore.events.notification.NotificationFailed;
import io.ironcore.events.notification.NotificationSent;
import io.ironcore.jobs.RunNotification;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.UUID;

/**
 * Notification outcomes (NotificationSent, NotificationFailed) onto the runs they are about, once per event id, so
 * that a run shows whether its notifications went out. Outcomes about no run (an RPO transition) are not kept here.
 */
@ApplicationScoped
public class NotificationEventConsumer {
    /** The inbox's consumer name is the channel's Kafka group id. */
    @ConfigProperty(name = "mp.messaging.incoming.notification-events.group.id")
    String consumer;
    @Inject
    EventProcessor processor;
    @Inject
    Inbox inbox;

    @Incoming("notification-events")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        processor.process(record, this::handle);
    }

    @Transactional
    void handle(CloudEvent event) {
        if (!outcome(event) || !inbox.firstDelivery(consumer, event)) {
            return;
        }
        apply(event);
    }

    static boolean outcome(CloudEvent event) {
        return EventTypes.NOTIFICATION_SENT.equals(event.type()) || EventTypes.NOTIFICATION_FAILED.equals(event.type());
    }

    /**
     * The outcome onto its run's notifications (a notification known already is left as it is): the part of
     * {@link #handle} that a rebuild replays ({@link RunHistoryRebuild}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void apply(CloudEvent event) {
        boolean sent = EventTypes.NOTIFICATION_SENT.equals(event.type());
        RunNotification n = new RunNotification();
        if (sent) {
            NotificationSent e = EventJson.read(event.data(), NotificationSent.class);
            n.notificationId = id(e.notificationId());
            n.runId = e.runId();
            n.jobId = e.jobId();
            n.causeType = e.causeType();
            n.targetType = e.targetType().wire();
            n.target = e.target();
            n.outcome = RunNotification.Outcome.sent;
            n.attempts = e.attempts();
            n.at = e.sentAt();
        } else {
            NotificationFailed e = EventJson.read(event.data(), NotificationFailed.class);
            n.notificationId = id(e.notificationId());
            n.runId = e.runId();
            n.jobId = e.jobId();
            n.causeType = e.causeType();
            n.targetType = e.targetType().wire();
            n.target = e.target();
            n.outcome = RunNotification.Outcome.failed;
            n.attempts = e.attempts();
            n.at = e.failedAt();
            n.reason = e.reason();
        }
        if (n.runId != null && RunNotification.findById(n.notificationId) == null) {
            n.persist();
        }
    }

    private static UUID id(String notificationId) {
        try {
            return UUID.fromString(notificationId);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("notificationId is not a UUID: " + notificationId);
        }
    }
}
