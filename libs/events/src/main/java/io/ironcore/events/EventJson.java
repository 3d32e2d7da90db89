package io.ironcore.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;

/**
 * The JSON form of event payloads: ISO-8601 instants, absent fields omitted. Two readers: {@link #read} is tolerant
 * (unknown fields are ignored), for outside readers of the event log; {@link #readStrict} refuses unknown fields,
 * duplicate keys and trailing content, and is what Ironcore's own consumers check every event with (libs/eventing),
 * so that a field they do not understand sends the event to the dead-letter topic instead of being dropped.
 */
public final class EventJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private static final ObjectMapper STRICT = MAPPER.copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private EventJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(Object payload) {
        try {
            return MAPPER.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + payload.getClass().getSimpleName(), e);
        }
    }

    public static String writeString(Object payload) {
        try {
            return MAPPER.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + payload.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads a payload; a malformed document or a missing required field is a {@link MalformedEventException}.
     */
    public static <T> T read(byte[] json, Class<T> type) {
        return read(MAPPER, json, type);
    }

    /**
     * Reads a payload strictly: besides what {@link #read} refuses, an unknown field (at any depth), a duplicate key
     * or content after the document is a {@link MalformedEventException} that names it.
     */
    public static <T> T readStrict(byte[] json, Class<T> type) {
        return read(STRICT, json, type);
    }

    private static <T> T read(ObjectMapper mapper, byte[] json, Class<T> type) {
        try {
            T value = mapper.readValue(json, type);
            if (value == null) {
                throw new MalformedEventException("empty payload for " + type.getSimpleName());
            }
            if (value instanceof Validated v) {
                v.validate();
            }
            return value;
        } catch (MalformedEventException e) {
            throw e;
        } catch (UnrecognizedPropertyException e) {
            throw new MalformedEventException("invalid " + type.getSimpleName() + " payload: unknown field '"
                    + fieldPath(e) + "'", e);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("invalid " + type.getSimpleName() + " payload: " + e.getOriginalMessage(),
                    e);
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new MalformedEventException("invalid " + type.getSimpleName() + " payload: " + e.getMessage(), e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        return read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), type);
    }

    private static String fieldPath(UnrecognizedPropertyException e) {
        StringBuilder b = new StringBuilder();
        for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.length() == 0 ? String.valueOf(e.getPropertyName()) : b.toString();
    }

}
