package io.ironcore.worker.messaging;

import io.ironcore.eventing.inbox.Inbox;
import io.ironcore.events.CloudEvent;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.restore.RestoreRequested;
import io.ironcore.events.run.RunRequested;
import io.ironcore.worker.service.RunQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Records each run and restore request once in the queue. */
@ApplicationScoped
public class RunIntakeHandler {
    static final String CONSUMER = "backup-worker.intake";

    @Inject
    Inbox inbox;
    @Inject
    RunQueue queue;

    @Transactional
    public void handle(CloudEvent event) {
        switch (event.type()) {
            case EventTypes.RUN_REQUESTED -> {
                RunRequested request = EventJson.read(event.data(), RunRequested.class);
                if (inbox.firstDelivery(CONSUMER, event)) {
                    queue.enqueue(request);
                }
            }
            case EventTypes.RESTORE_REQUESTED -> {
                RestoreRequested request = EventJson.read(event.data(), RestoreRequested.class);
                if (inbox.firstDelivery(CONSUMER, event)) {
                    queue.enqueue(request);
                }
            }
            default -> {
            }
        }
    }
}
