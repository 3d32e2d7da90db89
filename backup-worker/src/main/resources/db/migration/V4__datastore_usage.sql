-- The last measurement of each datastore the workers wrote to (libs/datastore DatastoreUsage), taken in the
-- background after runs, so /q/metrics reads numbers instead of walking a datastore, and they survive restarts.
CREATE TABLE datastore_usage (
    datastore     text        PRIMARY KEY,
    path          text        NOT NULL,
    used_bytes    bigint      NOT NULL,
    free_bytes    bigint      NOT NULL,
    logical_bytes bigint      NOT NULL,
    chunk_bytes   bigint      NOT NULL,
    chunks        bigint      NOT NULL,
    snapshots     bigint      NOT NULL,
    measured_at   timestamptz NOT NULL,
    measured_by   text        NOT NULL
);
