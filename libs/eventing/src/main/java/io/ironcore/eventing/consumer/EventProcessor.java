package io.ironcore.eventing.consumer;

import io.ironcore.events.CloudEvent;
import io.ironcore.events.MalformedEventException;
import io.ironcore.eventing.EventingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.util.function.Consumer;

/**
 * The policy of every consumer: decode the CloudEvent, hand it to the (transactional, idempotent) handler, retry
 * transient failures with exponential back-off, and give up on a malformed event at once. Giving up throws, and the
 * channel's dead-letter strategy sends the record to the topic's {@code .dlq} twin; processing goes on.
 */
@ApplicationScoped
public class EventProcessor {
    private static final Logger LOG = Logger.getLogger(EventProcessor.class);

    @Inject
    EventingConfig config;

    public void process(ConsumerRecord<String, byte[]> record, Consumer<CloudEvent> handler) {
        CloudEvent event;
        try {
            event = IncomingEvents.decode(record);
        } catch (MalformedEventException e) {
            LOG.warnf("dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            throw e;
        }
        long backoff = config.consumer().backoff().toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                handler.accept(event);
                return;
            } catch (RuntimeException e) {
                if (isPermanent(e)) {
                    LOG.warnf("dead-lettering event %s (%s): %s", event.id(), event.type(), rootMessage(e));
                    throw e;
                }
                if (attempt >= config.consumer().attempts()) {
                    LOG.errorf(e, "event %s (%s) failed %d times, dead-lettering", event.id(), event.type(), attempt);
                    throw e;
                }
                LOG.warnf("event %s (%s) failed (attempt %d), retrying in %d ms: %s", event.id(), event.type(),
                        attempt, backoff, rootMessage(e));
                sleep(backoff);
                backoff = Math.min(backoff * 2, 30_000);
            }
        }
    }

    static boolean isPermanent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MalformedEventException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.toString();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
