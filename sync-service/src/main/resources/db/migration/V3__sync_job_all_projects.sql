-- A sync job copies only its project's backup groups; a system administrator's sync job across projects
-- (SyncJobCreated.allProjects) copies every project's.
ALTER TABLE sync_job ADD COLUMN all_projects boolean NOT NULL DEFAULT false;
