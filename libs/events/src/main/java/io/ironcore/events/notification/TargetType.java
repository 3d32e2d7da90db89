package io.ironcore.events.notification;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The kind of target; the wire strings are the lower-case names. */
public enum TargetType {
    /** An HTTP webhook (Standard Webhooks signing): a group's webhook or the operators' webhook. */
    WEBHOOK("webhook"),
    /** An email address, through the SMTP relay. */
    EMAIL("email"),
    /** An InfluxDB metric server (1.x {@code /write} or 2.x {@code /api/v2/write}, line protocol). */
    INFLUXDB("influxdb"),
    /** A Graphite carbon server (plaintext protocol over TCP). */
    GRAPHITE("graphite");

    private final String wire;

    TargetType(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** The type a wire string names; anything else is refused: a malformed event. */
    @JsonCreator
    public static TargetType fromWire(String wire) {
        for (TargetType t : values()) {
            if (t.wire.equals(wire)) {
                return t;
            }
        }
        throw new IllegalArgumentException(
                "targetType must be webhook, email, influxdb or graphite, not '" + wire + "'");
    }
}
