-- Projects keep tenants apart. Users hold API tokens (stored as SHA-256 hashes, never in clear) and are members or
-- administrators of projects; system administrators manage projects, users and datastores.
CREATE TABLE project (
    name        text        PRIMARY KEY,
    description text,
    created_at  timestamptz NOT NULL
);
INSERT INTO project (name, description, created_at) VALUES ('default', 'The default project', now());

CREATE TABLE app_user (
    name         text        PRIMARY KEY,
    system_admin boolean     NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL
);

CREATE TABLE project_member (
    project   text NOT NULL REFERENCES project (name) ON DELETE CASCADE,
    user_name text NOT NULL REFERENCES app_user (name) ON DELETE CASCADE,
    role      text NOT NULL CHECK (role IN ('member', 'admin')),
    PRIMARY KEY (project, user_name)
);

CREATE TABLE api_token (
    id           uuid        PRIMARY KEY,
    user_name    text        NOT NULL REFERENCES app_user (name) ON DELETE CASCADE,
    name         text        NOT NULL,
    token_hash   bytea       NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz,
    revoked_at   timestamptz
);

-- Notification groups of a project; only project administrators attach them to jobs.
CREATE TABLE notification_group (
    project    text        NOT NULL REFERENCES project (name) ON DELETE CASCADE,
    name       text        NOT NULL,
    targets    jsonb       NOT NULL DEFAULT '[]',
    created_at timestamptz NOT NULL,
    PRIMARY KEY (project, name)
);

-- The datastore registry: which projects may write to a datastore (empty: every project), and its namespaces.
ALTER TABLE datastore ADD COLUMN allowed_projects jsonb NOT NULL DEFAULT '[]';
CREATE TABLE datastore_namespace (
    datastore  text        NOT NULL REFERENCES datastore (name) ON DELETE CASCADE,
    path       text        NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (datastore, path)
);

ALTER TABLE workload ADD CONSTRAINT workload_project FOREIGN KEY (project) REFERENCES project (name);

-- Include/Exclude source filters, resolved at run time.
ALTER TABLE job ADD COLUMN include_filters jsonb NOT NULL DEFAULT '[]';
ALTER TABLE job ADD COLUMN exclude_filters jsonb NOT NULL DEFAULT '[]';
ALTER TABLE job ADD CONSTRAINT job_project FOREIGN KEY (project) REFERENCES project (name);
CREATE INDEX job_project_name ON job (project, name);

-- Run now is idempotent per job and Idempotency-Key.
ALTER TABLE run ADD COLUMN idempotency_key text;
ALTER TABLE run ADD COLUMN requested_by text;
CREATE UNIQUE INDEX run_idempotency ON run (job_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- The last run of each job, kept with the job so its lifecycle state can be listed and filtered.
ALTER TABLE job ADD COLUMN last_run_id uuid;
ALTER TABLE job ADD COLUMN last_run_state text;
ALTER TABLE job ADD COLUMN last_run_at timestamptz;

-- Sync jobs (project administrators only): copy snapshots from a datastore to another, e.g. the Backup site.
CREATE TABLE sync_job (
    id               uuid        PRIMARY KEY,
    project          text        NOT NULL REFERENCES project (name),
    name             text        NOT NULL,
    source_datastore text        NOT NULL REFERENCES datastore (name),
    source_namespace text        NOT NULL,
    target_datastore text        NOT NULL REFERENCES datastore (name),
    target_namespace text        NOT NULL,
    schedule         text        NOT NULL,
    timezone         text        NOT NULL,
    retention        text,
    enabled          boolean     NOT NULL,
    version          bigint      NOT NULL,
    created_at       timestamptz NOT NULL,
    UNIQUE (project, name)
);
