-- Issue 16: the RPO of a job, its compliance, and the totals the metrics export. Every row here is a projection of
-- the event log (run, prune and sync events) or of the job itself; the totals survive restarts and run-history
-- purges, and go with the job (ON DELETE CASCADE), so a deleted job leaves no series behind.

ALTER TABLE job ADD COLUMN rpo_seconds bigint;               -- set on the job; null: derived from the schedule
ALTER TABLE job ADD COLUMN last_success_at timestamptz;      -- when the newest completed run of the job finished
ALTER TABLE job ADD COLUMN last_good_snapshot_at timestamptz;-- the newest snapshot of a completed backup run

-- A backup job's RPO compliance: the state it was last found in (protected, pending, never-protected, stale,
-- paused), since when, and the RPO it was measured against. A transition between at risk and not is one event.
CREATE TABLE job_compliance (
    job_id       uuid        PRIMARY KEY REFERENCES job (id) ON DELETE CASCADE,
    state        text        NOT NULL,
    rpo_seconds  bigint      NOT NULL,
    since        timestamptz NOT NULL,
    evaluated_at timestamptz NOT NULL
);

-- ironcore_runs_total: finished runs per job, action, mode and status (Completed, Failed, Skipped).
CREATE TABLE run_total (
    job_id uuid   NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    action text   NOT NULL,
    mode   text   NOT NULL,
    status text   NOT NULL,
    runs   bigint NOT NULL,
    PRIMARY KEY (job_id, action, mode, status)
);

-- ironcore_run_duration_seconds (per-bucket counts, not cumulative, and the sum) and ironcore_run_bytes_total.
CREATE TABLE run_duration (
    job_id        uuid             NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    mode          text             NOT NULL,
    buckets       bigint[]         NOT NULL,
    sum_seconds   double precision NOT NULL,
    bytes_read    bigint           NOT NULL,
    bytes_changed bigint           NOT NULL,
    bytes_written bigint           NOT NULL,
    PRIMARY KEY (job_id, mode)
);

-- ironcore_prune_runs_total, ironcore_prune_snapshots_removed_total.
CREATE TABLE prune_total (
    job_id            uuid   NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    status            text   NOT NULL,
    runs              bigint NOT NULL,
    snapshots_removed bigint NOT NULL,
    PRIMARY KEY (job_id, status)
);

-- ironcore_gc_runs_total, ironcore_gc_bytes_freed_total, per datastore.
CREATE TABLE gc_total (
    datastore      text   PRIMARY KEY REFERENCES datastore (name) ON DELETE CASCADE,
    runs           bigint NOT NULL,
    chunks_removed bigint NOT NULL,
    bytes_freed    bigint NOT NULL
);

-- ironcore_sync_runs_total, ironcore_sync_bytes_total, per sync job.
CREATE TABLE sync_total (
    sync_job_id uuid   NOT NULL REFERENCES sync_job (id) ON DELETE CASCADE,
    status      text   NOT NULL,
    runs        bigint NOT NULL,
    bytes       bigint NOT NULL,
    PRIMARY KEY (sync_job_id, status)
);
