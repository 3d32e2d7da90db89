-- Reliable events (libs/eventing). Shared by every service through the Flyway location db/eventing; a
-- service's own migrations start at V1.

-- The outbox, and the service's event log: an event is appended in the same transaction as the change it
-- describes. The relay (Debezium, pgoutput) publishes every insert to Kafka; rows are never updated or deleted.
CREATE TABLE outbox_event (
    id           uuid        PRIMARY KEY,
    seq          bigserial   NOT NULL UNIQUE,
    topic        text        NOT NULL,
    aggregate_id text        NOT NULL,
    type         text        NOT NULL,
    source       text        NOT NULL,
    subject      text,
    time         timestamptz NOT NULL,
    payload      jsonb       NOT NULL
);
CREATE INDEX outbox_event_aggregate ON outbox_event (aggregate_id, seq);

-- The inbox: one row per event a consumer has handled, inserted in the handler's transaction. A duplicate key
-- means the event was handled already.
CREATE TABLE inbox_event (
    consumer    text        NOT NULL,
    event_id    text        NOT NULL,
    event_type  text        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

-- Durable offsets of the relay (Kafka Connect's offset store, kept in the service's own database).
CREATE TABLE outbox_relay_offset (
    offset_key   bytea       PRIMARY KEY,
    offset_value bytea,
    updated_at   timestamptz NOT NULL DEFAULT now()
);
