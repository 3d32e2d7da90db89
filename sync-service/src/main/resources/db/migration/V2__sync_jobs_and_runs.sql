-- The datastores are the truth about which full snapshots exist (backups made offline included): the candidate
-- list kept from run events is no longer needed.
DROP TABLE sync_candidate;

-- Sync jobs as job-service published them (SyncJobCreated on ironcore.job-events).
CREATE TABLE sync_job (
    id               text    PRIMARY KEY,
    name             text    NOT NULL,
    project          text,
    source_name      text    NOT NULL,
    source_path      text    NOT NULL,
    source_namespace text    NOT NULL,
    target_name      text    NOT NULL,
    target_path      text    NOT NULL,
    target_namespace text    NOT NULL,
    retention        text,
    timezone         text    NOT NULL,
    enabled          boolean NOT NULL
);

-- One sync run per tick (id = tickId): queued by the tick, claimed by one instance, then done or failed.
CREATE TABLE sync_run (
    id              text        PRIMARY KEY,
    sync_job_id     text        NOT NULL,
    state           text        NOT NULL,
    scheduled_for   timestamptz NOT NULL,
    queued_at       timestamptz NOT NULL,
    owner           text,
    heartbeat_at    timestamptz,
    started_at      timestamptz,
    finished_at     timestamptz,
    copied          integer     NOT NULL DEFAULT 0,
    already_present integer     NOT NULL DEFAULT 0,
    removed         integer     NOT NULL DEFAULT 0,
    bytes_copied    bigint      NOT NULL DEFAULT 0,
    reason          text
);
CREATE INDEX sync_run_state ON sync_run (state, queued_at);
