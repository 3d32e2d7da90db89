package io.ironcore.eventing.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.debezium.data.Envelope;
import io.debezium.data.Json;
import io.debezium.data.Uuid;
import io.debezium.time.ZonedTimestamp;
import io.ironcore.eventing.consumer.EventProcessor;
import io.ironcore.events.CloudEvent;
import io.ironcore.events.CloudEventHeaders;
import io.ironcore.events.catalog.EventCatalog;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * How a change of the outbox table becomes a Kafka record, without a broker: a Debezium change event (built with
 * Debezium's own envelope and column schemas, as its PostgreSQL connector emits them for {@code outbox_event}) goes
 * through {@link OutboxRecordMapper}, and the record must be the CloudEvent (binary mode) the consumers decode: for
 * every golden payload of libs/events, the topic and key, exactly the ce_* headers, and the payload unchanged.
 */
class OutboxRecordMapperTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The row schema of {@code outbox_event} as Debezium's PostgreSQL connector describes it (payload optional since
     * migration V0.3: a tombstone's row has none).
     */
    private static final Schema ROW = SchemaBuilder.struct().name("ironcore.public.outbox_event.Value")
            .field("id", Uuid.builder().build())
            .field("seq", Schema.INT64_SCHEMA)
            .field("topic", Schema.STRING_SCHEMA)
            .field("aggregate_id", Schema.STRING_SCHEMA)
            .field("type", Schema.STRING_SCHEMA)
            .field("source", Schema.STRING_SCHEMA)
            .field("subject", Schema.OPTIONAL_STRING_SCHEMA)
            .field("time", ZonedTimestamp.builder().build())
            .field("payload", Json.builder().optional().build())
            .optional()
            .build();
    private static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("db", Schema.STRING_SCHEMA).field("lsn", Schema.OPTIONAL_INT64_SCHEMA).build();
    private static final Envelope ENVELOPE = Envelope.defineSchema().withName("ironcore.public.outbox_event.Envelope")
            .withRecord(ROW).withSource(SOURCE).build();

    static Stream<EventCatalog.Entry> entries() {
        return EventCatalog.ENTRIES.stream();
    }

    @ParameterizedTest
    @MethodSource("entries")
    void everyGoldenEventBecomesTheCloudEventTheConsumersDecode(EventCatalog.Entry entry) throws IOException {
        String payload = new String(golden(entry), StandardCharsets.UTF_8);
        String id = UUID.randomUUID().toString();
        Instant time = Instant.parse("2026-11-26T09:16:01.123456Z");
        Struct row = row(id, entry.topic(), "job-7", entry.type(), "/ironcore/job-service", "runs/r-1", time,
                payload);

        ProducerRecord<String, byte[]> out = OutboxRecordMapper.map(change(ENVELOPE.create(row, source(), time)))
                .orElseThrow();

        assertThat(out.topic()).isEqualTo(entry.topic());
        assertThat(out.key()).isEqualTo("job-7");
        assertThat(out.partition()).as("the partition follows the key").isNull();
        assertThat(headers(out)).containsOnly(
                entry(CloudEventHeaders.SPEC_VERSION, "1.0"),
                entry(CloudEventHeaders.ID, id),
                entry(CloudEventHeaders.TYPE, entry.type()),
                entry(CloudEventHeaders.SOURCE, "/ironcore/job-service"),
                entry(CloudEventHeaders.SUBJECT, "runs/r-1"),
                entry(CloudEventHeaders.TIME, "2026-11-26T09:16:01.123456Z"),
                entry(CloudEventHeaders.CONTENT_TYPE, "application/json"));
        assertThat(new String(out.value(), StandardCharsets.UTF_8)).isEqualTo(payload);

        // the consumer side reads the same event back, strictly
        CloudEvent back = EventProcessor.decode(consumed(out));
        assertThat(back.id()).isEqualTo(id);
        assertThat(back.type()).isEqualTo(entry.type());
        assertThat(back.source()).isEqualTo("/ironcore/job-service");
        assertThat(back.subject()).isEqualTo("runs/r-1");
        assertThat(back.time()).isEqualTo(time);
        assertThat(JSON.readTree(back.data())).isEqualTo(JSON.readTree(golden(entry)));
        assertThat(EventJson.readStrict(back.data(), entry.payload()))
                .isEqualTo(EventJson.read(golden(entry), entry.payload()));
    }

    @Test
    void aRowWithoutPayloadIsATombstoneWithTheEventsAttributesAndNoContentType() {
        String id = UUID.randomUUID().toString();
        Instant time = Instant.parse("2026-11-26T09:16:01.5Z");
        Struct row = row(id, Topics.JOB_DEFINITIONS, "job-7", EventTypes.JOB_DEFINITION, "/ironcore/job-service",
                "jobs/job-7", time, null);

        ProducerRecord<String, byte[]> out = OutboxRecordMapper.map(change(ENVELOPE.create(row, source(), time)))
                .orElseThrow();

        assertThat(out.topic()).isEqualTo(Topics.JOB_DEFINITIONS);
        assertThat(out.key()).as("the key compaction removes").isEqualTo("job-7");
        assertThat(out.value()).as("a tombstone").isNull();
        assertThat(headers(out)).containsOnly(
                entry(CloudEventHeaders.SPEC_VERSION, "1.0"),
                entry(CloudEventHeaders.ID, id),
                entry(CloudEventHeaders.TYPE, EventTypes.JOB_DEFINITION),
                entry(CloudEventHeaders.SOURCE, "/ironcore/job-service"),
                entry(CloudEventHeaders.SUBJECT, "jobs/job-7"),
                entry(CloudEventHeaders.TIME, "2026-11-26T09:16:01.500Z"));
        // the snapshot read of the same row, after a relay restart, is the same tombstone
        assertThat(OutboxRecordMapper.map(change(ENVELOPE.read(row, source(), time))).orElseThrow().value())
                .isNull();
    }

    @Test
    void theSnapshotReadOfARowIsPublishedLikeAnInsert() throws IOException {
        Struct row = runFailedRow("runs/r-2");
        Optional<ProducerRecord<String, byte[]>> read = OutboxRecordMapper.map(change(ENVELOPE.read(row, source(),
                Instant.now())));
        assertThat(read).isPresent();
        assertThat(headers(read.get())).containsEntry(CloudEventHeaders.TYPE, EventTypes.RUN_FAILED);
    }

    @Test
    void updatesDeletesTombstonesAndHeartbeatsPublishNothing() throws IOException {
        Struct row = runFailedRow("runs/r-3");
        Instant now = Instant.now();
        assertThat(OutboxRecordMapper.map(change(ENVELOPE.update(row, row, source(), now)))).isEmpty();
        assertThat(OutboxRecordMapper.map(change(ENVELOPE.delete(row, source(), now)))).isEmpty();
        assertThat(OutboxRecordMapper.map(new SourceRecord(Map.of(), Map.of(), "ironcore.public.outbox_event",
                null, null, null, null))).as("tombstone").isEmpty();
        Schema heartbeat = SchemaBuilder.struct().name("io.debezium.connector.common.Heartbeat")
                .field("ts_ms", Schema.INT64_SCHEMA).build();
        assertThat(OutboxRecordMapper.map(new SourceRecord(Map.of(), Map.of(), "__debezium-heartbeat.ironcore",
                heartbeat, new Struct(heartbeat).put("ts_ms", 1L)))).as("heartbeat").isEmpty();
        // the relay's heartbeat query emits a logical decoding message, which the connector hands over with op "m"
        Schema content = SchemaBuilder.struct().name("io.debezium.connector.postgresql.MessageValue")
                .field("prefix", Schema.STRING_SCHEMA).field("content", Schema.OPTIONAL_BYTES_SCHEMA).build();
        Schema message = SchemaBuilder.struct().name("ironcore-outbox.message.Envelope")
                .field("op", Schema.STRING_SCHEMA).field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
                .field("source", SOURCE).field("message", content).build();
        Struct m = new Struct(message).put("op", "m").put("ts_ms", 1L).put("source", source())
                .put("message", new Struct(content).put("prefix", "ironcore-outbox-heartbeat")
                        .put("content", "2026-11-26".getBytes(StandardCharsets.UTF_8)));
        assertThat(OutboxRecordMapper.map(new SourceRecord(Map.of(), Map.of(), "ironcore-outbox.message", message,
                m))).as("logical decoding message").isEmpty();
    }

    @Test
    void anEventWithoutSubjectHasNoSubjectHeader() throws IOException {
        ProducerRecord<String, byte[]> out = OutboxRecordMapper.map(change(ENVELOPE.create(runFailedRow(null),
                source(), Instant.now()))).orElseThrow();
        assertThat(headers(out)).doesNotContainKey(CloudEventHeaders.SUBJECT).containsKey(CloudEventHeaders.ID);
        assertThat(EventProcessor.decode(consumed(out)).subject()).isNull();
    }

    @Test
    void theTimeHeaderIsUtcWhateverTheOffsetTheDatabaseGaveIt() throws IOException {
        Struct row = runFailedRow("runs/r-4").put("time", "2026-11-26T11:16:01.5+02:00");
        ProducerRecord<String, byte[]> out = OutboxRecordMapper.map(change(ENVELOPE.create(row, source(),
                Instant.now()))).orElseThrow();
        assertThat(headers(out)).containsEntry(CloudEventHeaders.TIME, "2026-11-26T09:16:01.500Z");
        assertThat(EventProcessor.decode(consumed(out)).time()).isEqualTo(Instant.parse("2026-11-26T09:16:01.5Z"));
    }

    private static Struct runFailedRow(String subject) throws IOException {
        EventCatalog.Entry e = EventCatalog.byType(EventTypes.RUN_FAILED).orElseThrow();
        return row(UUID.randomUUID().toString(), e.topic(), "job-1", e.type(), "/ironcore/backup-worker", subject,
                Instant.parse("2026-11-26T09:16:01Z"), new String(golden(e), StandardCharsets.UTF_8));
    }

    private static Struct row(String id, String topic, String aggregate, String type, String source, String subject,
                              Instant time, String payload) {
        return row(id, 1L, topic, aggregate, type, source, subject, time.atOffset(ZoneOffset.UTC), payload);
    }

    /** An {@code outbox_event} row as Debezium's change event carries it (uuid and timestamptz as strings). */
    static Struct row(String id, long seq, String topic, String aggregate, String type, String source,
                      String subject, OffsetDateTime time, String payload) {
        return new Struct(ROW).put("id", id).put("seq", seq).put("topic", topic).put("aggregate_id", aggregate)
                .put("type", type).put("source", source).put("subject", subject)
                .put("time", ZonedTimestamp.toIsoString(time, null)).put("payload", payload);
    }

    /** The insert of {@code row} as the relay receives it. */
    static SourceRecord insert(Struct row) {
        return change(ENVELOPE.create(row, source(), Instant.now()));
    }

    private static Struct source() {
        return new Struct(SOURCE).put("db", "ironcore").put("lsn", 42L);
    }

    private static SourceRecord change(Struct envelope) {
        return new SourceRecord(Map.of("server", "ironcore"), Map.of("lsn", 42L), "ironcore.public.outbox_event",
                null, null, null, ENVELOPE.schema(), envelope);
    }

    private static Map<String, String> headers(ProducerRecord<String, byte[]> r) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        for (Header h : r.headers()) {
            keys.add(h.key());
            out.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        assertThat(keys).as("no header twice").doesNotHaveDuplicates();
        return out;
    }

    /** The record as a consumer receives it. */
    static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> r) {
        return new ConsumerRecord<>(r.topic(), 0, 7L, 0L, TimestampType.CREATE_TIME, 0, r.value().length, r.key(),
                r.value(), r.headers(), Optional.empty());
    }

    static byte[] golden(EventCatalog.Entry entry) throws IOException {
        try (InputStream in = EventCatalog.class.getResourceAsStream(entry.goldenResource())) {
            assertThat(in).as(entry.goldenResource()).isNotNull();
            return in.readAllBytes();
        }
    }
}
