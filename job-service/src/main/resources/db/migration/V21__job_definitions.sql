-- The version of each job's and sync job's definition that job-service last appended to ironcore.job-definitions
-- (the compacted topic of current definitions; JobDefinitions). Every change of a definition sets it in its own
-- transaction. NULL, or below version: not published (a job of before this version, or changed by an older
-- instance during an upgrade); job-service's start publishes those (JobDefinitions.backfill) and sets it.
-- Nullable columns without a default: adding them rewrites no rows.
ALTER TABLE job ADD COLUMN definition_published_version bigint;
ALTER TABLE sync_job ADD COLUMN definition_published_version bigint;
