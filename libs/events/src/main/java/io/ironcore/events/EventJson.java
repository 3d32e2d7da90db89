package io.ironcore.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;

/**
 * The JSON form of event payloads: ISO-8601 instants, absent fields omitted, and tolerant reading (unknown fields
 * are ignored so that additive changes within a version never break a consumer).
 */
public final class EventJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

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
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new MalformedEventException("empty payload for " + type.getSimpleName());
            }
            if (value instanceof Validated v) {
                v.validate();
            }
            return value;
        } catch (MalformedEventException e) {
            throw e;
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new MalformedEventException("invalid " + type.getSimpleName() + " payload: " + e.getMessage(), e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        return read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), type);
    }

}
