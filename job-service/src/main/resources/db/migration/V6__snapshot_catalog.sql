-- The snapshots each job made and which of them still exist: from RunCompleted (made) and PruneCompleted
-- (removed), with the protection users set. job-service never reads a datastore; the events tell it.
CREATE TABLE snapshot (
    snapshot_id  text        PRIMARY KEY,
    job_id       uuid        NOT NULL,
    run_id       uuid        NOT NULL,
    datastore    text        NOT NULL,
    namespace    text        NOT NULL,
    source_id    text        NOT NULL,
    created_at   timestamptz NOT NULL,
    size_bytes   bigint      NOT NULL,
    protected    boolean     NOT NULL DEFAULT false,
    kept_reason  text,
    removed_at   timestamptz,
    removed_why  text
);
CREATE INDEX snapshot_job ON snapshot (job_id, created_at DESC);
