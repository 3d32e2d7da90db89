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

/**
 * The audit of one finished delivery: delivered, refused for good ({@code refused}: the egress policy, a redirect, a
 * 4xx answer) or failed after the last retry ({@code failed}), with the reason.
 */
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
    /** {@code delivered}, {@code refused} or {@code failed}. */
    @Convert(converter = Outcome.Column.class)
    public Outcome outcome = Outcome.DELIVERED;
    /** Why it was refused: the egress rule, or the redirect not followed. */
    public String reason;

    /** How the notification went: {@code webhook} (a URL), {@code email} (an address), or a metric server. */
    public enum Channel implements WireValue {
        WEBHOOK("webhook"),
        EMAIL("email"),
        INFLUXDB("influxdb"),
        GRAPHITE("graphite");

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

    /** Whether it was delivered, refused for good, or failed after the last retry. */
    public enum Outcome implements WireValue {
        DELIVERED("delivered"),
        REFUSED("refused"),
        FAILED("failed");

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
