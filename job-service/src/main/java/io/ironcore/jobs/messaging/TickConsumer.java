package io.ironcore.jobs.messaging;

import io.ironcore.eventing.consumer.EventProcessor;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Transport only: schedule ticks to scheduled runs. */
@ApplicationScoped
public class TickConsumer {
    @Inject
    EventProcessor processor;
    @Inject
    TickHandler handler;

    @Incoming("ticks")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        processor.process(record, handler::handle);
    }
}
