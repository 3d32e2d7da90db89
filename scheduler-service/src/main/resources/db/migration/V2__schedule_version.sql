-- The job's version the projection reflects: a replayed older change is not applied again.
ALTER TABLE job_schedule ADD COLUMN version bigint NOT NULL DEFAULT 0;
