package io.ironcore.eventing.inbox;

import io.ironcore.events.CloudEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Idempotent consumers: the first thing a handler does in its transaction is record the event id. A duplicate
 * (redelivery, relay replay) finds the row and does nothing; a rollback forgets the row with the rest.
 */
@ApplicationScoped
public class Inbox {
    @Inject
    EntityManager em;

    /** @return true the first time this consumer sees the event, false for a duplicate */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String consumer, CloudEvent event) {
        int inserted = em.createNativeQuery("INSERT INTO inbox_event (consumer, event_id, event_type) "
                        + "VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")
                .setParameter(1, consumer)
                .setParameter(2, event.id())
                .setParameter(3, event.type())
                .executeUpdate();
        return inserted == 1;
    }
}
