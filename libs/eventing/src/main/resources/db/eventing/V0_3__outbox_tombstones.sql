-- A row without payload is a tombstone (Outbox.tombstone): the relay publishes it as a record with a null value,
-- which a compacted state topic (ironcore.job-definitions) reads as "this key is gone". Only job-service appends
-- them; the other services' rows keep a payload. Dropping NOT NULL changes only the catalog, not the table's rows.
-- A service's own migrations may already be applied: Flyway runs this one out of order (quarkus.flyway.out-of-order).
ALTER TABLE outbox_event ALTER COLUMN payload DROP NOT NULL;
