-- The recipients of the job's notification group, as the job's latest event lists them.
ALTER TABLE job_settings ADD COLUMN notification_targets jsonb NOT NULL DEFAULT '[]'::jsonb;
