-- job-service's own database. Events go to outbox_event (db/eventing), in the same transaction as these rows.

CREATE TABLE datastore (
    name       text        PRIMARY KEY,
    path       text        NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE TABLE workload (
    id         text        PRIMARY KEY,
    name       text        NOT NULL,
    project    text        NOT NULL,
    tags       jsonb       NOT NULL DEFAULT '[]',
    disks      jsonb       NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE TABLE job (
    id                 uuid        PRIMARY KEY,
    project            text        NOT NULL,
    name               text        NOT NULL,
    description        text,
    type               text        NOT NULL,
    source_ids         jsonb       NOT NULL,
    datastore          text        NOT NULL REFERENCES datastore (name),
    namespace          text        NOT NULL,
    mode               text        NOT NULL,
    schedule           text,
    timezone           text        NOT NULL,
    retention          text,
    notification_mode  text        NOT NULL,
    notification_group text,
    enabled            boolean     NOT NULL,
    version            bigint      NOT NULL,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    UNIQUE (project, name)
);

-- Run history: a projection of the run events.
CREATE TABLE run (
    id           uuid        PRIMARY KEY,
    job_id       uuid        NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    job_name     text        NOT NULL,
    trigger      text        NOT NULL,
    tick_id      text,
    state        text        NOT NULL,
    requested_at timestamptz NOT NULL,
    started_at   timestamptz,
    finished_at  timestamptz,
    worker_id    text,
    attempt      integer     NOT NULL DEFAULT 0,
    reason       text,
    stats        jsonb,
    snapshots    jsonb
);
CREATE INDEX run_job ON run (job_id, requested_at DESC);
