-- What prune-service knows of each job (a projection of the job events): its retention and where it writes.
CREATE TABLE job_retention (
    job_id     text        PRIMARY KEY,
    job_name   text        NOT NULL,
    project    text,
    datastore  text        NOT NULL,
    namespace  text        NOT NULL,
    retention  text,
    timezone   text        NOT NULL,
    version    bigint      NOT NULL,
    updated_at timestamptz NOT NULL
);

-- Snapshots users protected: kept by every prune pass, never counted by the windows.
CREATE TABLE protected_snapshot (
    snapshot_id text        PRIMARY KEY,
    job_id      text        NOT NULL,
    changed_by  text,
    changed_at  timestamptz NOT NULL
);

ALTER TABLE prune_pass ADD COLUMN kept integer;
ALTER TABLE prune_pass ADD COLUMN removed integer;
ALTER TABLE prune_pass ADD COLUMN pruned_at timestamptz;
