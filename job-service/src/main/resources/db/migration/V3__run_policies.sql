-- Per-job scheduling policies: overlapping runs (skip or queue) and missed slots after downtime (run-once or skip).
ALTER TABLE job ADD COLUMN overlap_policy text NOT NULL DEFAULT 'skip';
ALTER TABLE job ADD COLUMN missed_run_policy text NOT NULL DEFAULT 'run-once';
