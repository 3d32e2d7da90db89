package io.ironcore.notifications.delivery;

import io.ironcore.eventing.outbox.Outbox;
import io.ironcore.events.notification.NotificationFailed;
import io.ironcore.events.notification.NotificationSent;
import io.ironcore.notifications.Delivery;
import io.ironcore.notifications.Notification;
import io.ironcore.notifications.config.RetryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * The deliveries' transactions: claiming due ones (FOR UPDATE SKIP LOCKED, so replicas share the work and never send
 * one twice at once), and recording how an attempt went. A delivery's last attempt decides it: its state, its outcome
 * event (NotificationSent or NotificationFailed, through the outbox, key = job id), its audit row and the outcome
 * totals change together, once.
 */
@ApplicationScoped
public class DeliveryStore {
    @Inject
    EntityManager em;
    @Inject
    Clock clock;
    @Inject
    Outbox outbox;
    @Inject
    RetryConfig retry;

    /**
     * Claims up to {@code limit} due deliveries for one attempt each: counts the attempt and holds the delivery for
     * {@link RetryConfig#lease()} (another instance takes it after that if this one never records the attempt).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Delivery> claim(int limit) {
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<Object> ids = em.createNativeQuery("SELECT CAST(id AS text) FROM delivery WHERE state = 'pending'"
                        + " AND next_attempt_at <= ?1 ORDER BY next_attempt_at LIMIT ?2 FOR UPDATE SKIP LOCKED")
                .setParameter(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .setParameter(2, limit)
                .getResultList();
        if (ids.isEmpty()) {
            return List.of();
        }
        List<UUID> uuids = ids.stream().map(o -> UUID.fromString(o.toString())).toList();
        List<Delivery> due = Delivery.list("id in ?1", uuids);
        for (Delivery d : due) {
            d.attempts++;
            d.nextAttemptAt = now.plus(retry.lease());
        }
        return due;
    }

    /**
     * Records attempt number {@code attempt} of a delivery, unless the delivery has moved on since (decided, or
     * claimed again after its lease ran out).
     */
    @Transactional
    public void record(UUID id, int attempt, Attempt a) {
        Delivery d = em.find(Delivery.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (d == null || d.state != Delivery.State.PENDING || d.attempts != attempt) {
            return;
        }
        Instant now = clock.instant();
        if (a.sent()) {
            d.state = Delivery.State.SENT;
            d.finishedAt = now;
            d.lastError = null;
            outbox.append(d.jobId, subject(d), new NotificationSent(d.id.toString(), d.jobId, d.jobName, d.project,
                    d.runId, d.causeType, d.eventId, d.targetType, d.shownTarget, d.attempts, now));
            audit(d, Notification.Outcome.DELIVERED, null, now);
            count(d, "sent");
        } else if (a.permanent() || d.attempts >= retry.maxAttempts()) {
            d.state = Delivery.State.FAILED;
            d.finishedAt = now;
            d.lastError = a.reason();
            outbox.append(d.jobId, subject(d), new NotificationFailed(d.id.toString(), d.jobId, d.jobName,
                    d.project, d.runId, d.causeType, d.eventId, d.targetType, d.shownTarget, d.attempts, now,
                    a.reason()));
            audit(d, a.permanent() ? Notification.Outcome.REFUSED : Notification.Outcome.FAILED, a.reason(), now);
            count(d, "failed");
        } else {
            d.lastError = a.reason();
            Duration wait = Delivery.backoff(d.attempts, retry.initialBackoff(), retry.maxBackoff());
            d.nextAttemptAt = now.plus(wait);
        }
    }

    /** Outcomes so far: target type, outcome ({@code sent} or {@code failed}), count. */
    @Transactional
    public List<Object[]> totals() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT target_type, outcome, count FROM notification_total")
                .getResultList();
        return rows;
    }

    private static String subject(Delivery d) {
        return "notifications/" + d.id;
    }

    private void audit(Delivery d, Notification.Outcome outcome, String reason, Instant now) {
        Notification n = new Notification();
        n.id = UUID.randomUUID();
        n.eventId = d.eventId;
        n.jobId = d.jobId;
        n.runId = d.runId;
        n.channel = d.via.channel;
        n.target = d.target;
        n.sentAt = now;
        n.outcome = outcome;
        n.reason = reason;
        n.persist();
    }

    private void count(Delivery d, String outcome) {
        em.createNativeQuery("INSERT INTO notification_total (target_type, outcome, count) VALUES (?1, ?2, 1)"
                        + " ON CONFLICT (target_type, outcome) DO UPDATE SET count = notification_total.count + 1")
                .setParameter(1, d.targetType.wire())
                .setParameter(2, outcome)
                .executeUpdate();
    }
}
