package io.ironcore.notifications;

import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One notification delivered, or refused for good ({@link #outcome} {@code refused}, with the reason). */
@Entity
@Table(name = "notification")
public class Notification extends PanacheEntityBase {
    @Id
    public UUID id;
    public String eventId;
    public String jobId;
    public String runId;
    @Convert(converter = Channel.Column.class)
    public Channel channel;
    public String target;
    public Instant sentAt;
    /** {@code delivered} or {@code refused}. */
    @Convert(converter = Outcome.Column.class)
    public Outcome outcome = Outcome.DELIVERED;
    /** Why it was refused: the egress rule, or the redirect not followed. */
    public String reason;

    /** How the notification went: {@code webhook} (a URL) or {@code email} (an address). */
    public enum Channel implements WireValue {
        WEBHOOK("webhook"),
        EMAIL("email");

        private final String wire;

        Channel(String wire) {
            this.wire = wire;
        }

        @JsonValue
        @Override
        public String wire() {
            return wire;
        }

        @Override
        public String toString() {
            return wire;
        }

        @Converter
        public static class Column extends WireValue.Column<Channel> {
            public Column() {
                super(Channel.class);
            }
        }
    }

    /** Whether it was delivered, or refused for good. */
    public enum Outcome implements WireValue {
        DELIVERED("delivered"),
        REFUSED("refused");

        private final String wire;

        Outcome(String wire) {
            this.wire = wire;
        }

        @JsonValue
        @Override
        public String wire() {
            return wire;
        }

        @Override
        public String toString() {
            return wire;
        }

        @Converter
        public static class Column extends WireValue.Column<Outcome> {
            public Column() {
                super(Outcome.class);
            }
        }
    }
}
