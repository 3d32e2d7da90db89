-- sync-service's own database: full snapshots waiting to be replicated to the Backup site.
CREATE TABLE sync_candidate (
    snapshot_id  text        NOT NULL,
    datastore    text        NOT NULL,
    run_id       text        NOT NULL,
    job_id       text        NOT NULL,
    completed_at timestamptz NOT NULL,
    PRIMARY KEY (datastore, snapshot_id)
);
