package io.ironcore.sync.messaging;

import io.ironcore.eventing.consumer.EventProcessor;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Transport only: sync jobs and ticks to the sync handler. */
@ApplicationScoped
public class SyncInputConsumer {
    @Inject
    EventProcessor processor;
    @Inject
    SyncEventHandler handler;

    @Incoming("job-events")
    @Blocking
    public void jobEvent(ConsumerRecord<String, byte[]> record) {
        processor.process(record, handler::handle);
    }

    @Incoming("ticks")
    @Blocking
    public void tick(ConsumerRecord<String, byte[]> record) {
        processor.process(record, handler::handle);
    }
}
