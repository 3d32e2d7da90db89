package io.ironcore.eventing.outbox;

import io.ironcore.events.CloudEvent;
import io.ironcore.events.CloudEventHeaders;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Turns a change event of the outbox table into the Kafka record of the event it holds: CloudEvents binary mode,
 * key = aggregate id, value = the JSON payload. A row without payload (a tombstone, {@link Outbox#tombstone}) becomes
 * a record with a null value, with the same ce_* headers but no content-type. Only inserts (and snapshot reads)
 * carry events; the outbox is append-only, so anything else is ignored (a Debezium tombstone of the table, too).
 */
public final class OutboxRecordMapper {
    private OutboxRecordMapper() {
    }

    public static Optional<ProducerRecord<String, byte[]>> map(SourceRecord change) {
        if (!(change.value() instanceof Struct envelope) || envelope.schema().field("op") == null) {
            return Optional.empty();
        }
        String op = envelope.getString("op");
        if (!"c".equals(op) && !"r".equals(op)) {
            return Optional.empty();
        }
        Struct row = envelope.getStruct("after");
        Instant time = OffsetDateTime.parse(row.getString("time")).toInstant();
        RecordHeaders headers = new RecordHeaders();
        header(headers, CloudEventHeaders.SPEC_VERSION, CloudEvent.SPEC_VERSION);
        header(headers, CloudEventHeaders.ID, row.getString("id"));
        header(headers, CloudEventHeaders.TYPE, row.getString("type"));
        header(headers, CloudEventHeaders.SOURCE, row.getString("source"));
        String subject = row.getString("subject");
        if (subject != null) {
            header(headers, CloudEventHeaders.SUBJECT, subject);
        }
        header(headers, CloudEventHeaders.TIME, DateTimeFormatter.ISO_INSTANT.format(time));
        String payload = row.getString("payload");
        byte[] value = null; // a tombstone (Outbox.tombstone): a CloudEvent without data, so no content type
        if (payload != null) {
            header(headers, CloudEventHeaders.CONTENT_TYPE, CloudEvent.CONTENT_TYPE);
            value = payload.getBytes(StandardCharsets.UTF_8);
        }
        return Optional.of(new ProducerRecord<>(row.getString("topic"), null, row.getString("aggregate_id"), value,
                headers));
    }

    private static void header(RecordHeaders headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
