package io.ironcore.notifications.messaging;

import io.ironcore.eventing.consumer.EventProcessor;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Transport only: run and sync events to notifications. */
@ApplicationScoped
public class RunEventConsumer {
    @Inject
    EventProcessor processor;
    @Inject
    RunNotificationHandler handler;

    @Incoming("run-events")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        processor.process(record, handler::handle);
    }

    @Incoming("sync-events")
    @Blocking
    public void consumeSync(ConsumerRecord<String, byte[]> record) {
        processor.process(record, handler::handle);
    }
}
