package io.ironcore.eventing.outbox;

import io.ironcore.events.catalog.EventCatalog;
import io.ironcore.events.EventJson;
import io.ironcore.eventing.EventingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Appends events to the outbox in the caller's transaction: the event is published if and only if the transaction
 * commits. There is no other way to emit an event (no dual writes).
 */
@ApplicationScoped
public class Outbox {
    @Inject
    EntityManager em;
    @Inject
    EventingConfig config;
    @Inject
    Clock clock;

    /**
     * Appends one event.
     *
     * @param aggregateId the Kafka key: the job id, so one job's events stay in order
     * @param subject     the CloudEvents subject, e.g. {@code runs/<runId>}
     * @param payload     an event record of {@link EventCatalog}; its type and topic come from the catalog
     * @return the event id
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID append(String aggregateId, String subject, Object payload) {
        EventCatalog.Entry entry = EventCatalog.byPayload(payload.getClass());
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        em.createNativeQuery("INSERT INTO outbox_event (id, topic, aggregate_id, type, source, subject, time, payload)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, CAST(?8 AS jsonb))")
                .setParameter(1, id)
                .setParameter(2, entry.topic())
                .setParameter(3, aggregateId)
                .setParameter(4, entry.type())
                .setParameter(5, config.source())
                .setParameter(6, subject)
                .setParameter(7, OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .setParameter(8, EventJson.writeString(payload))
                .executeUpdate();
        return id;
    }
}
