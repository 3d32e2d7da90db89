package io.ironcore.eventing.consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Unremovable;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.function.BiConsumer;

/**
 * The failure strategy of every consumer channel ({@code failure-strategy=ironcore-dead-letter}, the shared
 * default): SmallRye's dead-letter queue (the record's key, value and headers, plus {@code dead-letter-reason},
 * {@code -topic}, {@code -partition}, {@code -offset}), with the consumer group and the time added as headers
 * ({@link #CONSUMER_GROUP}, {@link #DEAD_LETTERED_AT}), and the counter {@code ironcore_dlq_events_total{topic,
 * consumer}} incremented once the dead-letter topic has the record. A consumer interrupted while it waited to retry
 * (the service is stopping) dead-letters nothing: the channel stops without committing the record.
 */
@ApplicationScoped
@Unremovable
@Identifier(DeadLetterStrategy.NAME)
public class DeadLetterStrategy implements KafkaFailureHandler.Factory {
    public static final String NAME = "ironcore-dead-letter";
    /** SmallRye's headers, as the dead-letter queue writes them. */
    public static final String REASON = "dead-letter-reason";
    public static final String ORIGINAL_TOPIC = "dead-letter-topic";
    public static final String ORIGINAL_PARTITION = "dead-letter-partition";
    public static final String ORIGINAL_OFFSET = "dead-letter-offset";
    /** Ours. */
    public static final String CONSUMER_GROUP = "dead-letter-consumer-group";
    public static final String DEAD_LETTERED_AT = "dead-letter-time";
    public static final String METRIC = "ironcore.dlq.events";

    private static final Logger LOG = Logger.getLogger(DeadLetterStrategy.class);

    @Inject
    @Identifier(KafkaFailureHandler.Strategy.DEAD_LETTER_QUEUE)
    Instance<KafkaFailureHandler.Factory> deadLetterQueue;
    @Inject
    Instance<MeterRegistry> registry;
    @Inject
    Clock clock;

    @Override
    public KafkaFailureHandler create(KafkaConnectorIncomingConfiguration config, Vertx vertx,
                                      KafkaConsumer<?, ?> consumer, BiConsumer<Throwable, Boolean> reportFailure) {
        KafkaFailureHandler dlq = deadLetterQueue.get().create(config, vertx, consumer, reportFailure);
        return wrap(dlq, config.getChannel(), config.getGroupId().orElse(config.getChannel()), reportFailure,
                registry.isResolvable() ? registry.get() : null, clock);
    }

    /** SmallRye's dead-letter queue {@code dlq} with our headers, the counter and the interrupted case. */
    static KafkaFailureHandler wrap(KafkaFailureHandler dlq, String channel, String group,
                                    BiConsumer<Throwable, Boolean> reportFailure, MeterRegistry registry, Clock clock) {
        return new KafkaFailureHandler() {
            @Override
            public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
                if (isInterrupted(reason)) {
                    LOG.warnf("channel %s stops while retrying %s-%d@%d: consumed again after restart", channel,
                            record.getTopic(), record.getPartition(), record.getOffset());
                    reportFailure.accept(reason, true);
                    return Uni.createFrom().failure(reason);
                }
                RecordHeaders headers = new RecordHeaders();
                headers.add(CONSUMER_GROUP, group.getBytes(StandardCharsets.UTF_8));
                headers.add(DEAD_LETTERED_AT, DateTimeFormatter.ISO_INSTANT.format(clock.instant())
                        .getBytes(StandardCharsets.UTF_8));
                Metadata withHeaders = metadata.with(OutgoingKafkaRecordMetadata.builder().withHeaders(headers).build());
                return dlq.handle(record, reason, withHeaders).invoke(() -> {
                    if (registry != null) {
                        Counter.builder(METRIC)
                                .description("Events a consumer gave up on and sent to the dead-letter topic")
                                .tag("topic", record.getTopic()).tag("consumer", group).register(registry)
                                .increment();
                    }
                });
            }

            @Override
            public void terminate() {
                dlq.terminate();
            }
        };
    }

    private static boolean isInterrupted(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof RetryInterruptedException) {
                return true;
            }
        }
        return false;
    }
}
