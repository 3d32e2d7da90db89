package io.ironcore.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A CloudEvents 1.0 event, independent of the transport. On Kafka it travels in binary mode: the attributes are
 * the {@link CloudEventHeaders} headers and {@link #data()} is the record value (JSON, UTF-8).
 *
 * @param id      unique per event; consumers are idempotent on it
 * @param type    one of {@link EventTypes}
 * @param source  the emitting service, e.g. {@code /ironcore/job-service}
 * @param subject what the event is about, e.g. {@code jobs/7f0c…} or {@code runs/…}
 * @param time    when the fact happened
 * @param data    the JSON payload
 */
public record CloudEvent(String id, String type, String source, String subject, Instant time, byte[] data) {
    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
    }
}
