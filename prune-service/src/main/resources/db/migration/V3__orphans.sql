-- A deleted job's retention stays (marked deleted, with its orphan policy), and a job's pause is known, so that the
-- sweep can go on pruning the snapshots of deleted (orphans=prune) and paused jobs with their last retention.
ALTER TABLE job_retention ADD COLUMN enabled boolean NOT NULL DEFAULT true;
ALTER TABLE job_retention ADD COLUMN deleted_at timestamptz;
ALTER TABLE job_retention ADD COLUMN orphans text;
ALTER TABLE job_retention ADD COLUMN swept_at timestamptz;
ALTER TABLE job_retention ADD COLUMN sweep_error text;

-- Where each job's snapshots are: every backup group a completed run of the job wrote to, in which datastore.
CREATE TABLE job_group (
    job_id         text        NOT NULL,
    datastore_path text        NOT NULL,
    backup_group   text        NOT NULL,
    datastore      text        NOT NULL,
    namespace      text        NOT NULL,
    last_seen      timestamptz NOT NULL,
    PRIMARY KEY (job_id, datastore_path, backup_group)
);
