package io.ironcore.eventing.consumer;

import io.ironcore.events.CloudEvent;
import io.ironcore.events.CloudEventHeaders;
import io.ironcore.events.MalformedEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Reads a CloudEvent (Kafka binary mode) from a record; anything that is not one is a malformed event. */
public final class IncomingEvents {
    private IncomingEvents() {
    }

    public static CloudEvent decode(ConsumerRecord<String, byte[]> record) {
        String spec = header(record, CloudEventHeaders.SPEC_VERSION);
        if (!CloudEvent.SPEC_VERSION.equals(spec)) {
            throw new MalformedEventException("not a CloudEvents 1.0 record (" + CloudEventHeaders.SPEC_VERSION
                    + "=" + spec + ")");
        }
        String id = required(record, CloudEventHeaders.ID);
        String type = required(record, CloudEventHeaders.TYPE);
        String source = required(record, CloudEventHeaders.SOURCE);
        String time = required(record, CloudEventHeaders.TIME);
        if (record.value() == null || record.value().length == 0) {
            throw new MalformedEventException("event " + id + " has no data");
        }
        try {
            return new CloudEvent(id, type, source, header(record, CloudEventHeaders.SUBJECT), Instant.parse(time),
                    record.value());
        } catch (DateTimeParseException e) {
            throw new MalformedEventException("event " + id + ": bad " + CloudEventHeaders.TIME + " '" + time + "'");
        }
    }

    private static String required(ConsumerRecord<String, byte[]> record, String name) {
        String v = header(record, name);
        if (v == null || v.isBlank()) {
            throw new MalformedEventException("missing header " + name);
        }
        return v;
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
