package io.ironcore.events;

/** The event cannot be understood: a missing attribute, bad JSON or a missing required field. Never retried. */
public class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
