package io.ironcore.notifications.messaging;

import io.ironcore.notifications.Notification;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** The record of delivered notifications, written as each delivery succeeds (not with the event's transaction). */
@ApplicationScoped
public class Deliveries {
    /**
     * True if the notification of this event reached this target already, or was refused for good, in an earlier
     * attempt at the event.
     */
    public boolean delivered(String eventId, String target) {
        return Notification.count("eventId = ?1 and target = ?2", eventId, target) > 0;
    }

    /** Records a delivery at once, so that a retry of the event does not deliver it again. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(Notification n) {
        n.persist();
    }
}
