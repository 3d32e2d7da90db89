package io.ironcore.eventing.outbox;

import io.ironcore.events.catalog.EventCatalog;
import io.ironcore.events.EventJson;
import io.ironcore.events.Topics;
import io.ironcore.eventing.EventingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
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
        return insert(aggregateId, subject, EventCatalog.byPayload(payload.getClass()), EventJson.writeString(payload));
    }

    /**
     * Appends a tombstone: a record with a null value under {@code aggregateId}, which tells a compacted topic (and
     * its readers) that the key is gone. Only on a state topic ({@link Topics#STATE}); the streams' consumers would
     * dead-letter a record without a payload. The row has a NULL payload (migration V0.3); the record keeps the
     * CloudEvents attributes (id, type, source, subject, time) but has no content type.
     *
     * @param payloadType the record type of the key's values, e.g. JobDefinition: its type and topic come from the
     *                    catalog
     * @return the event id
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID tombstone(String aggregateId, String subject, Class<?> payloadType) {
        EventCatalog.Entry entry = EventCatalog.byPayload(payloadType);
        if (!Topics.STATE.contains(entry.topic())) {
            throw new IllegalArgumentException("a tombstone is only for a compacted state topic, not " + entry.topic());
        }
        return insert(aggregateId, subject, entry, null);
    }

    private UUID insert(String aggregateId, String subject, EventCatalog.Entry entry, String payload) {
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        // a tombstone's NULL is written as such: a null parameter has no type for the cast to jsonb
        Query insert = em.createNativeQuery("INSERT INTO outbox_event (id, topic, aggregate_id, type, source, subject,"
                        + " time, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                        + (payload == null ? "NULL" : "CAST(?8 AS jsonb)") + ")")
                .setParameter(1, id)
                .setParameter(2, entry.topic())
                .setParameter(3, aggregateId)
                .setParameter(4, entry.type())
                .setParameter(5, config.source())
                .setParameter(6, subject)
                .setParameter(7, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        if (payload != null) {
            insert.setParameter(8, payload);
        }
        insert.executeUpdate();
        return id;
    }
}
