package io.ironcore.eventing.consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ironcore.events.CloudEvent;
import io.ironcore.events.CloudEventHeaders;
import io.ironcore.events.catalog.EventCatalog;
import io.ironcore.events.EventTypes;
import io.ironcore.events.MalformedEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The consumer policy on a controlled clock: strict decoding, the retry schedule, transient against permanent. */
class EventProcessorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicLong nanos = new AtomicLong();
    private final List<Duration> slept = new ArrayList<>();
    /** Sleeping advances the clock; a handler attempt takes 5 ms. */
    private final EventProcessor processor = new EventProcessor(
            new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofMinutes(10)),
            d -> {
                slept.add(d);
                nanos.addAndGet(d.toNanos());
            }, nanos::get);

    static Stream<EventCatalog.Entry> entries() {
        return EventCatalog.ENTRIES.stream();
    }

    @ParameterizedTest
    @MethodSource("entries")
    void everyGoldenPayloadDecodesStrictly(EventCatalog.Entry entry) throws IOException {
        CloudEvent e = EventProcessor.decode(record(entry.type(), golden(entry)));
        assertThat(e.type()).isEqualTo(entry.type());
    }

    @ParameterizedTest
    @MethodSource("entries")
    void anUnknownFieldIsPermanentAndNamed(EventCatalog.Entry entry) throws IOException {
        ObjectNode extended = (ObjectNode) JSON.readTree(golden(entry));
        extended.put("retension", "7d");
        assertThatThrownBy(() -> EventProcessor.decode(record(entry.type(), JSON.writeValueAsBytes(extended))))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("unknown field 'retension'");
    }

    @Test
    void anUnknownNestedFieldIsNamedWithItsPath() throws IOException {
        EventCatalog.Entry created = EventCatalog.byType(EventTypes.JOB_CREATED).orElseThrow();
        ObjectNode doc = (ObjectNode) JSON.readTree(golden(created));
        ((ObjectNode) doc.get("spec")).put("retension", "7d");
        assertThatThrownBy(() -> EventProcessor.decode(record(created.type(), JSON.writeValueAsBytes(doc))))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("unknown field 'spec.retension'");
    }

    @Test
    void aDuplicateKeyIsPermanent() throws IOException {
        EventCatalog.Entry entry = EventCatalog.byType(EventTypes.RUN_FAILED).orElseThrow();
        String doc = new String(golden(entry), StandardCharsets.UTF_8).trim();
        String dup = doc.substring(0, doc.length() - 1) + ", \"reason\": \"second\"}";
        assertThatThrownBy(() -> EventProcessor.decode(record(entry.type(), dup.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("Duplicate field 'reason'");
    }

    @Test
    void aMissingUnknownOrMismatchedTypeIsPermanent() throws IOException {
        byte[] runFailed = golden(EventCatalog.byType(EventTypes.RUN_FAILED).orElseThrow());
        assertThatThrownBy(() -> EventProcessor.decode(record(null, runFailed)))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("missing header ce_type");
        assertThatThrownBy(() -> EventProcessor.decode(record("io.ironcore.backup.run.exploded.v1", runFailed)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("unknown type 'io.ironcore.backup.run.exploded.v1'");
        // a RunFailed payload under the type of a ScheduleTick does not decode
        assertThatThrownBy(() -> EventProcessor.decode(record(EventTypes.SCHEDULE_TICK, runFailed)))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("ScheduleTick");
        assertThatThrownBy(() -> EventProcessor.decode(record(EventTypes.RUN_FAILED,
                "{\"runId\":".getBytes(StandardCharsets.UTF_8)))).isInstanceOf(MalformedEventException.class);
    }

    @Test
    void aMalformedEventIsDeadLetteredWithoutCallingTheHandler() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> processor.process(record(EventTypes.RUN_FAILED, "{}".getBytes()),
                e -> calls.incrementAndGet()))
                .isInstanceOf(DeadLetterException.class).hasMessageStartingWith("malformed event: ");
        assertThat(calls).hasValue(0);
        assertThat(slept).isEmpty();
    }

    @Test
    void aDatabaseDownForAMinuteIsRetriedUntilItIsBackAndTheEventIsHandledOnce() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        List<CloudEvent> handled = new ArrayList<>();
        processor.process(runFailed(), e -> {
            calls.incrementAndGet();
            if (nanos.get() < Duration.ofSeconds(60).toNanos()) {
                throw new IllegalStateException("JDBC", new SQLException("Connection refused", "08001"));
            }
            handled.add(e);
        });
        assertThat(handled).hasSize(1);
        // 200 ms doubling: 0.2+0.4+…+25.6 = 51 s after 8 failures, the 9th waits 30 s and the 10th attempt works
        assertThat(calls).hasValue(10);
        assertThat(slept).extracting(Duration::toMillis)
                .containsExactly(200L, 400L, 800L, 1600L, 3200L, 6400L, 12800L, 25600L, 30000L);
    }

    @Test
    void aFailureThatOutlastsTheBudgetIsDeadLetteredAfterTenMinutesWithTheReason() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> processor.process(runFailed(), e -> {
            calls.incrementAndGet();
            throw new IllegalStateException("JDBC", new SQLException("Connection refused", "08001"));
        })).isInstanceOf(DeadLetterException.class)
                .hasMessageStartingWith("gave up after 27 attempts over 9m51s: ")
                .hasMessageContaining("Connection refused");
        assertThat(calls).hasValue(27);
        assertThat(slept.stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(Duration.ofSeconds(591));
    }

    @Test
    void aPermanentFailureInTheHandlerIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> processor.process(runFailed(), e -> {
            calls.incrementAndGet();
            throw new IllegalStateException("insert", new SQLException("value too long for type", "22001"));
        })).isInstanceOf(DeadLetterException.class).hasMessageContaining("permanent failure")
                .hasMessageContaining("value too long");
        assertThat(calls).hasValue(1);
        assertThat(slept).isEmpty();
    }

    @Test
    void anInterruptWhileWaitingIsNeitherHandledNorDeadLettered() {
        EventProcessor stopping = new EventProcessor(processor.policy(), d -> {
            throw new InterruptedException("shutdown");
        }, nanos::get);
        try {
            assertThatThrownBy(() -> stopping.process(runFailed(), e -> {
                throw new IllegalStateException("db down");
            })).isInstanceOf(RetryInterruptedException.class).isNotInstanceOf(DeadLetterException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aStoppingServiceEndsTheWaitAtOnceInsteadOfAfterTheBackOff() throws Exception {
        // the real wait, on a 30 s back-off: the stop must end it long before
        EventProcessor real = new EventProcessor(new RetryPolicy(Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofMinutes(10)), null, System::nanoTime);
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CompletableFuture<Throwable> outcome = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                    try {
                        real.process(runFailed(), e -> {
                            attempts.incrementAndGet();
                            throw new IllegalStateException("EntityManagerFactory is closed");
                        });
                        return null;
                    } catch (RuntimeException e) {
                        return e;
                    }
                });
        for (long until = System.nanoTime() + 5_000_000_000L; attempts.get() == 0 && System.nanoTime() < until; ) {
            Thread.sleep(10);
        }
        assertThat(attempts).hasValue(1);
        long stoppedAt = System.nanoTime();
        real.onStop(null);
        Throwable t = outcome.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(Duration.ofSeconds(2));
        assertThat(t).isInstanceOf(RetryInterruptedException.class).isNotInstanceOf(DeadLetterException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void onceStoppingAFailingEventDoesNotWaitAtAllAndAHealthyOneIsStillHandled() {
        EventProcessor real = new EventProcessor(new RetryPolicy(Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofMinutes(10)), null, System::nanoTime);
        real.onStop(null);
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> real.process(runFailed(), e -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("db down", new SQLException("Connection refused", "08001"));
        })).isInstanceOf(RetryInterruptedException.class);
        // no retry after the (30 s) back-off: the stop ended the wait before it began
        assertThat(attempts).hasValue(1);
        // a stop is not an interrupt of the consumer thread: the channel ends it without a pending interrupt
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        List<CloudEvent> handled = new ArrayList<>();
        real.process(runFailed(), handled::add);
        assertThat(handled).hasSize(1);
    }

    private ConsumerRecord<String, byte[]> runFailed() {
        try {
            return record(EventTypes.RUN_FAILED, golden(EventCatalog.byType(EventTypes.RUN_FAILED).orElseThrow()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ConsumerRecord<String, byte[]> record(String type, byte[] data) {
        RecordHeaders h = new RecordHeaders();
        Map<String, String> attrs = new java.util.LinkedHashMap<>(Map.of(CloudEventHeaders.SPEC_VERSION, "1.0",
                CloudEventHeaders.ID, "e-1", CloudEventHeaders.SOURCE, "/test",
                CloudEventHeaders.TIME, "2026-11-26T02:00:00Z"));
        if (type != null) {
            attrs.put(CloudEventHeaders.TYPE, type);
        }
        attrs.forEach((k, v) -> h.add(k, v.getBytes(StandardCharsets.UTF_8)));
        return new ConsumerRecord<>("ironcore.run-events", 0, 42L, 0L, TimestampType.CREATE_TIME, 0, data.length,
                "job-1", data, h, Optional.empty());
    }

    static byte[] golden(EventCatalog.Entry entry) throws IOException {
        try (InputStream in = EventCatalog.class.getResourceAsStream(entry.goldenResource())) {
            assertThat(in).as(entry.goldenResource()).isNotNull();
            return in.readAllBytes();
        }
    }
}
