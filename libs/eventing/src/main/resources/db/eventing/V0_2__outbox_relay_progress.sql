-- How far the outbox relay has published (libs/eventing), for ironcore_outbox_oldest_unsent_age_seconds.
-- A service's own migrations (V1...) may already be applied: Flyway runs this one out of order
-- (quarkus.flyway.out-of-order, a shared default).

-- When a row was written, by the database's clock (the event's own time is the service's clock). Rows written
-- before this version have none; their event time stands in. Added without a default first, so the table is not
-- rewritten.
ALTER TABLE outbox_event ADD COLUMN created_at timestamptz;
ALTER TABLE outbox_event ALTER COLUMN created_at SET DEFAULT clock_timestamp();

-- One row, written by the relay's leader after Kafka acknowledged a batch: the highest seq published, and the
-- gaps below it (seqs another transaction took and had not committed when a later row was published: rolled back,
-- or still to come, since rows commit out of seq order). A row is unsent iff its seq is above published_seq or in
-- a gap. Each gap is kept until its seqs are published or for an hour (gap_opened), longer than any transaction
-- that appends to the outbox.
CREATE TABLE outbox_relay_progress (
    id            smallint      PRIMARY KEY CHECK (id = 1),
    published_seq bigint        NOT NULL,
    gap_from      bigint[]      NOT NULL DEFAULT '{}',
    gap_to        bigint[]      NOT NULL DEFAULT '{}',
    gap_opened    timestamptz[] NOT NULL DEFAULT '{}',
    updated_at    timestamptz   NOT NULL DEFAULT now()
);
-- What is in the outbox now counts as published (the relay that ran so far left no record); a relay that has not
-- published it yet does so at once.
INSERT INTO outbox_relay_progress (id, published_seq) SELECT 1, COALESCE(max(seq), 0) FROM outbox_event;
