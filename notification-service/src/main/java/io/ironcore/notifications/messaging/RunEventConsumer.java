package io.ironcore.notifications.messaging;

import io.ironcore.eventing.consumer.EventProcessor;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Transport only: run, sync, prune and compliance events to notifications. */
@ApplicationScoped
public class RunEventConsumer {
    @Inject
    EventProcessor processor;
    @Inject
    RunNotificationHandler handler;
    @Inject
    PruneNotificationHandler prunes;
    @Inject
    ComplianceNotificationHandler compliance;

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

    @Incoming("prune-events")
    @Blocking
    public void consumePrune(ConsumerRecord<String, byte[]> record) {
        processor.process(record, prunes::handle);
    }

    @Incoming("compliance-events")
    @Blocking
    public void consumeCompliance(ConsumerRecord<String, byte[]> record) {
        processor.process(record, compliance::handle);
    }
}
