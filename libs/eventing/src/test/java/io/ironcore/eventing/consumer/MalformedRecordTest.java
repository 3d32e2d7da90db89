package io.ironcore.eventing.consumer;

import io.ironcore.events.CloudEventHeaders;
import io.ironcore.events.catalog.EventCatalog;
import io.ironcore.events.EventTypes;
import io.ironcore.events.MalformedEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every way a record can fail to be one of our CloudEvents (the binary-mode envelope as well as the payload) goes
 * from {@link EventProcessor#process} to the dead-letter queue at once: a {@link DeadLetterException} caused by the
 * {@link MalformedEventException} that names the fault, no handler call, no retry wait.
 */
class MalformedRecordTest {
    static Stream<Arguments> faults() throws IOException {
        byte[] golden = EventProcessorTest.golden(EventCatalog.byType(EventTypes.RUN_FAILED).orElseThrow());
        String doc = new String(golden, StandardCharsets.UTF_8).trim();
        return Stream.of(
                Arguments.of("wrong spec version", edit(h -> h.put(CloudEventHeaders.SPEC_VERSION, "0.3"), golden),
                        "not a CloudEvents 1.0 record (ce_specversion=0.3)"),
                Arguments.of("no spec version", edit(h -> h.remove(CloudEventHeaders.SPEC_VERSION), golden),
                        "not a CloudEvents 1.0 record (ce_specversion=null)"),
                Arguments.of("no id", edit(h -> h.remove(CloudEventHeaders.ID), golden), "missing header ce_id"),
                Arguments.of("blank source", edit(h -> h.put(CloudEventHeaders.SOURCE, " "), golden),
                        "missing header ce_source"),
                Arguments.of("no time", edit(h -> h.remove(CloudEventHeaders.TIME), golden), "missing header ce_time"),
                Arguments.of("bad time", edit(h -> h.put(CloudEventHeaders.TIME, "yesterday"), golden),
                        "bad ce_time 'yesterday'"),
                Arguments.of("no data", edit(h -> { }, new byte[0]), "event e-1 has no data"),
                Arguments.of("unknown type", edit(h -> h.put(CloudEventHeaders.TYPE, "io.ironcore.backup.x.v1"),
                        golden), "unknown type 'io.ironcore.backup.x.v1'"),
                Arguments.of("unknown field", edit(h -> { }, (doc.substring(0, doc.length() - 1)
                        + ", \"retension\": \"7d\"}").getBytes(StandardCharsets.UTF_8)), "unknown field 'retension'"),
                Arguments.of("duplicate key", edit(h -> { }, (doc.substring(0, doc.length() - 1)
                        + ", \"jobName\": \"twice\"}").getBytes(StandardCharsets.UTF_8)), "Duplicate field 'jobName'"),
                Arguments.of("not JSON", edit(h -> { }, "runId=1".getBytes(StandardCharsets.UTF_8)),
                        "invalid RunFailed payload"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void aMalformedRecordIsDeadLetteredAtOnceWithItsReason(String fault, ConsumerRecord<String, byte[]> record,
                                                         String reason) {
        List<Duration> slept = new ArrayList<>();
        EventProcessor processor = new EventProcessor(new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(30),
                Duration.ofMinutes(10)), slept::add, System::nanoTime);
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> processor.process(record, e -> calls.incrementAndGet()))
                .isInstanceOf(DeadLetterException.class)
                .hasMessageStartingWith("malformed event: ")
                .hasMessageContaining(reason)
                .hasCauseInstanceOf(MalformedEventException.class);
        assertThat(calls).hasValue(0);
        assertThat(slept).isEmpty();
    }

    /** The golden RunFailed record with its headers edited and the given value. */
    private static ConsumerRecord<String, byte[]> edit(Consumer<Map<String, String>> headers, byte[] value) {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put(CloudEventHeaders.SPEC_VERSION, "1.0");
        attrs.put(CloudEventHeaders.ID, "e-1");
        attrs.put(CloudEventHeaders.TYPE, EventTypes.RUN_FAILED);
        attrs.put(CloudEventHeaders.SOURCE, "/test");
        attrs.put(CloudEventHeaders.TIME, "2026-11-26T02:00:00Z");
        headers.accept(attrs);
        RecordHeaders h = new RecordHeaders();
        attrs.forEach((k, v) -> h.add(k, v.getBytes(StandardCharsets.UTF_8)));
        return new ConsumerRecord<>("ironcore.run-events", 0, 42L, 0L, TimestampType.CREATE_TIME, 0, value.length,
                "job-1", value, h, Optional.empty());
    }
}
