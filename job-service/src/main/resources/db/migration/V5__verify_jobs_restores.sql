-- A job backs up (default) or verifies: re-checks the chunks of the snapshots in its datastore and namespace.
ALTER TABLE job ADD COLUMN action text NOT NULL DEFAULT 'backup';

-- How far a running run is (from RunProgress).
ALTER TABLE run ADD COLUMN bytes_done bigint;
ALTER TABLE run ADD COLUMN bytes_total bigint;
ALTER TABLE run ADD COLUMN bytes_per_second bigint;
ALTER TABLE run ADD COLUMN action text NOT NULL DEFAULT 'backup';

-- Restores requested over the API, performed by a worker (a projection of the restore events).
CREATE TABLE restore (
    id           uuid        PRIMARY KEY,
    project      text        NOT NULL,
    job_id       uuid        NOT NULL,
    datastore    text        NOT NULL,
    snapshot_id  text        NOT NULL,
    image        text        NOT NULL,
    target       text        NOT NULL,
    state        text        NOT NULL,
    requested_by text,
    requested_at timestamptz NOT NULL,
    finished_at  timestamptz,
    worker_id    text,
    path         text,
    bytes        bigint,
    reason       text
);
CREATE INDEX run_snapshots ON run USING gin (snapshots jsonb_path_ops);
-- The datastore a run wrote to (a job may move to another datastore later; its old snapshots stay where they are).
ALTER TABLE run ADD COLUMN datastore text;
