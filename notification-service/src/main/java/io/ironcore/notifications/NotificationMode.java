package io.ironcore.notifications;

import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.persistence.Converter;

/** A job's notification mode (the job's spec): which of its runs are told. */
public enum NotificationMode implements WireValue {
    /** Every run. */
    ALWAYS("always"),
    /** Failed runs only. */
    ERRORS("errors"),
    /** None. */
    NEVER("never");

    private final String wire;

    NotificationMode(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    /**
     * The mode a job's spec names: {@link #ALWAYS} when it names none, and for a name the API does not accept (the
     * mode the notifications have always fallen back to).
     */
    public static NotificationMode of(String wire) {
        for (NotificationMode m : values()) {
            if (m.wire.equals(wire)) {
                return m;
            }
        }
        return ALWAYS;
    }

    @Override
    public String toString() {
        return wire;
    }

    /** The job_settings.notification_mode column: the wire string; one the API does not accept reads as always. */
    @Converter
    public static class Column extends WireValue.Column<NotificationMode> {
        public Column() {
            super(NotificationMode.class);
        }

        @Override
        public NotificationMode convertToEntityAttribute(String wire) {
            return wire == null ? null : of(wire);
        }
    }
}
