package io.ironcore.events;

/** A payload that checks its own required fields after it is read. */
public interface Validated {
    /** @throws MalformedEventException when a required field is missing or out of range */
    void validate();

    static void require(Object value, String field) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw new MalformedEventException("missing required field '" + field + "'");
        }
    }
}
