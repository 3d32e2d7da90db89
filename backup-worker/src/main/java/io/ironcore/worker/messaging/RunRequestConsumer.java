package io.ironcore.worker.messaging;

import io.ironcore.eventing.consumer.EventProcessor;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Transport only: run requests into the worker's durable queue. The record is acknowledged as soon as the request
 * is recorded, long before the backup runs, so a long run never holds a Kafka consumer past its poll interval.
 */
@ApplicationScoped
public class RunRequestConsumer {
    @Inject
    EventProcessor processor;
    @Inject
    RunIntakeHandler handler;

    @Incoming("run-requests")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        processor.process(record, handler::handle);
    }
}
