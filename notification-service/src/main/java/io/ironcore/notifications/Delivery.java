package io.ironcore.notifications;

import com.fasterxml.jackson.annotation.JsonValue;
import io.ironcore.events.notification.TargetType;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * One delivery of one notification to one target: pending until the dispatcher sent it, or gave up on it (failed at
 * once for a refusal, or after the last retry). Its id is the notification id of its outcome event.
 */
@Entity
@Table(name = "delivery")
public class Delivery extends PanacheEntityBase {
    @Id
    public UUID id;
    public String eventId;
    public String causeType;
    public String jobId;
    public String jobName;
    public String project;
    public String runId;
    @Convert(converter = Via.Column.class)
    public Via via;
    @Convert(converter = TargetTypeColumn.class)
    public TargetType targetType;
    /** As configured: may hold credentials. Never shown: {@link #shownTarget} is. */
    public String target;
    public String shownTarget;
    public String messageId;
    /** What is sent: a webhook's JSON, a mail's JSON (subject, text), a metric server's lines. */
    public String body;
    @Convert(converter = State.Column.class)
    public State state;
    public int attempts;
    public Instant nextAttemptAt;
    public String lastError;
    public Instant createdAt;
    public Instant finishedAt;

    /**
     * The back-off after a failed attempt: {@code initial} doubled for each attempt before this one, at most
     * {@code max}.
     */
    public static Duration backoff(int attempts, Duration initial, Duration max) {
        Duration d = initial;
        for (int i = 1; i < attempts && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }

    /** Where a delivery is in its life. */
    public enum State implements WireValue {
        PENDING("pending"),
        SENT("sent"),
        FAILED("failed");

        private final String wire;

        State(String wire) {
            this.wire = wire;
        }

        @JsonValue
        @Override
        public String wire() {
            return wire;
        }

        @Converter
        public static class Column extends WireValue.Column<State> {
            public Column() {
                super(State.class);
            }
        }
    }

    /** How a target is reached, and its kind in the outcome events. */
    public enum Via implements WireValue {
        /** The operators' webhook: operator configuration, not checked by the egress policy. */
        OPERATORS("operators", TargetType.WEBHOOK, Notification.Channel.WEBHOOK),
        WEBHOOK("webhook", TargetType.WEBHOOK, Notification.Channel.WEBHOOK),
        EMAIL("email", TargetType.EMAIL, Notification.Channel.EMAIL),
        INFLUXDB("influxdb", TargetType.INFLUXDB, Notification.Channel.INFLUXDB),
        GRAPHITE("graphite", TargetType.GRAPHITE, Notification.Channel.GRAPHITE);

        private final String wire;
        public final TargetType targetType;
        public final Notification.Channel channel;

        Via(String wire, TargetType targetType, Notification.Channel channel) {
            this.wire = wire;
            this.targetType = targetType;
            this.channel = channel;
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
        public static class Column extends WireValue.Column<Via> {
            public Column() {
                super(Via.class);
            }
        }
    }

    /** The target_type column: the events' wire strings. */
    @Converter
    public static class TargetTypeColumn implements AttributeConverter<TargetType, String> {
        @Override
        public String convertToDatabaseColumn(TargetType t) {
            return t == null ? null : t.wire();
        }

        @Override
        public TargetType convertToEntityAttribute(String wire) {
            return wire == null ? null : TargetType.fromWire(wire);
        }
    }
}
