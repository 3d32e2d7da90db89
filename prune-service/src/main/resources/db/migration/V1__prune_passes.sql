-- prune-service's own database: the prune passes due after completed runs.
CREATE TABLE prune_pass (
    run_id       text        PRIMARY KEY,
    job_id       text        NOT NULL,
    datastore    text        NOT NULL,
    namespace    text        NOT NULL,
    snapshots    jsonb       NOT NULL,
    state        text        NOT NULL,
    completed_at timestamptz NOT NULL
);
