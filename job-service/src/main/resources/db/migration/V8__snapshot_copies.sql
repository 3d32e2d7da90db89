-- The copies sync jobs made in other datastores (from SyncCompleted/SyncFailed): a snapshot id is unique within its
-- datastore only, so a copy is known by both. Restores of copies and the sync job's list of copies read this.
CREATE TABLE snapshot_copy (
    datastore          text        NOT NULL,
    snapshot_id        text        NOT NULL,
    source_datastore   text        NOT NULL,
    source_snapshot_id text        NOT NULL,
    sync_job_id        uuid        NOT NULL,
    project            text        NOT NULL,
    copied_at          timestamptz NOT NULL,
    removed_at         timestamptz,
    removed_why        text,
    PRIMARY KEY (datastore, snapshot_id)
);
CREATE INDEX snapshot_copy_job ON snapshot_copy (sync_job_id);
