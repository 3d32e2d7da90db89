package io.ironcore.sync.messaging;

import io.ironcore.eventing.consumer.EventProcessor;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Transport only: ticks and run events to the sync handler. */
@ApplicationScoped
public class SyncInputConsumer {
    @Inject
    EventProcessor processor;
    @Inject
    SyncCandidateHandler handler;

    @Incoming("run-events")
    @Blocking
    public void runEvent(ConsumerRecord<String, byte[]> record) {
        processor.process(record, handler::handle);
    }

    @Incoming("ticks")
    @Blocking
    public void tick(ConsumerRecord<String, byte[]> record) {
        processor.process(record, handler::handle);
    }
}
