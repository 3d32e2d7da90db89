package io.ironcore.prune.messaging;

import io.ironcore.eventing.consumer.EventProcessor;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Transport only: job events to the retention projection and snapshot protection. */
@ApplicationScoped
public class JobEventConsumer {
    @Inject
    EventProcessor processor;
    @Inject
    RetentionProjection handler;

    @Incoming("job-events")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        processor.process(record, handler::handle);
    }
}
