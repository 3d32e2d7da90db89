package io.ironcore.eventing.consumer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What our strategy adds around SmallRye's dead-letter queue (here a stand-in that records what it is handed; the
 * real one runs in every service's poison-event test): the consumer group and time headers, the counter once the
 * record is written, and no dead letter for a consumer interrupted while it waited to retry.
 */
class DeadLetterStrategyTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Metadata> handed = new ArrayList<>();
    private final List<Throwable> fatal = new ArrayList<>();
    private final KafkaFailureHandler standIn = new KafkaFailureHandler() {
        @Override
        public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
            handed.add(metadata);
            return Uni.createFrom().voidItem();
        }
    };
    private final KafkaFailureHandler strategy = DeadLetterStrategy.wrap(standIn, "run-events",
            "notification-service.runs", (t, f) -> fatal.add(t), registry,
            Clock.fixed(Instant.parse("2026-11-26T02:03:00Z"), ZoneOffset.UTC));
    private final IncomingKafkaRecord<String, byte[]> record = new IncomingKafkaRecord<>(
            EventProcessorTest.record("io.ironcore.backup.run.failed.v1", "{}".getBytes()), "run-events", -1, null,
            null, false, false);

    @Test
    void aDeadLetterCarriesTheConsumerGroupAndTimeAndIsCounted() {
        strategy.handle(record, new DeadLetterException("malformed event: x", null), Metadata.empty())
                .await().indefinitely();
        assertThat(handed).hasSize(1);
        Map<String, String> headers = new HashMap<>();
        for (Header h : handed.get(0).get(OutgoingKafkaRecordMetadata.class).orElseThrow().getHeaders()) {
            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        assertThat(headers).containsEntry(DeadLetterStrategy.CONSUMER_GROUP, "notification-service.runs")
                .containsEntry(DeadLetterStrategy.DEAD_LETTERED_AT, "2026-11-26T02:03:00Z");
        assertThat(registry.get(DeadLetterStrategy.METRIC).tag("topic", "ironcore.run-events")
                .tag("consumer", "notification-service.runs").counter().count()).isEqualTo(1.0);
        assertThat(fatal).isEmpty();
    }

    @Test
    void anInterruptedRetryIsNotDeadLetteredAndStopsTheChannel() {
        RetryInterruptedException stop = new RetryInterruptedException(
                EventProcessor.decode(EventProcessorTest.record("io.ironcore.backup.run.failed.v1",
                        goldenRunFailed())), new InterruptedException());
        assertThatThrownBy(() -> strategy.handle(record, stop, Metadata.empty()).await().indefinitely())
                .isSameAs(stop);
        assertThat(handed).isEmpty();
        assertThat(fatal).containsExactly(stop);
        assertThat(registry.find(DeadLetterStrategy.METRIC).counter()).isNull();
    }

    @Test
    void aDeadLetterTheTopicRefusedIsNotCountedAndTheFailureStands() {
        IllegalStateException refused = new IllegalStateException("the dead-letter topic is unreachable");
        KafkaFailureHandler failing = new KafkaFailureHandler() {
            @Override
            public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> r, Throwable reason, Metadata metadata) {
                handed.add(metadata);
                return Uni.createFrom().failure(refused);
            }
        };
        KafkaFailureHandler s = DeadLetterStrategy.wrap(failing, "run-events", "notification-service.runs",
                (t, f) -> fatal.add(t), registry, Clock.systemUTC());
        assertThatThrownBy(() -> s.handle(record, new DeadLetterException("permanent failure: x", null),
                Metadata.empty()).await().indefinitely()).isSameAs(refused);
        assertThat(handed).hasSize(1);
        assertThat(registry.find(DeadLetterStrategy.METRIC).counter()).isNull();
    }

    @Test
    void anInterruptedRetryIsRecognisedWhereverItIsInTheCauseChain() {
        RetryInterruptedException stop = new RetryInterruptedException(
                EventProcessor.decode(EventProcessorTest.record("io.ironcore.backup.run.failed.v1",
                        goldenRunFailed())), new InterruptedException());
        RuntimeException wrapped = new RuntimeException("handler failed", new IllegalStateException("tx", stop));
        assertThatThrownBy(() -> strategy.handle(record, wrapped, Metadata.empty()).await().indefinitely())
                .isSameAs(wrapped);
        assertThat(handed).isEmpty();
        assertThat(fatal).containsExactly(wrapped);
    }

    @Test
    void withoutAMeterRegistryTheRecordIsStillDeadLettered() {
        KafkaFailureHandler noMetrics = DeadLetterStrategy.wrap(standIn, "run-events", "notification-service.runs",
                (t, f) -> fatal.add(t), null, Clock.systemUTC());
        noMetrics.handle(record, new DeadLetterException("malformed event: x", null), Metadata.empty())
                .await().indefinitely();
        assertThat(handed).hasSize(1);
        assertThat(fatal).isEmpty();
    }

    private static byte[] goldenRunFailed() {
        try {
            return EventProcessorTest.golden(io.ironcore.events.catalog.EventCatalog.byType(
                    "io.ironcore.backup.run.failed.v1").orElseThrow());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
