-- The outcome of each sync job's last run (from ironcore.sync-events), shown with the sync job.
ALTER TABLE sync_job
    ADD COLUMN last_sync_run_id   text,
    ADD COLUMN last_sync_state    text,
    ADD COLUMN last_sync_at       timestamptz,
    ADD COLUMN last_sync_copied   integer,
    ADD COLUMN last_sync_present  integer,
    ADD COLUMN last_sync_removed  integer,
    ADD COLUMN last_sync_bytes    bigint,
    ADD COLUMN last_sync_reason   text;
