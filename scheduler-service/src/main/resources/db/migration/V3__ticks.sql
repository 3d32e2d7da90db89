-- What the tick loop needs of each schedule, and the ticks fired.
ALTER TABLE job_schedule ADD COLUMN kind text NOT NULL DEFAULT 'job';
ALTER TABLE job_schedule ADD COLUMN project text;
-- The Kafka partition of the job's events: the scheduler instance that owns it fires the job's ticks.
ALTER TABLE job_schedule ADD COLUMN partition integer NOT NULL DEFAULT 0;
ALTER TABLE job_schedule ADD COLUMN missed_run_policy text NOT NULL DEFAULT 'run-once';
-- The next slot to fire (null: disabled or never again) and the last slot fired: the schedule goes on from the last
-- firing, never from the last (manual) run.
ALTER TABLE job_schedule ADD COLUMN next_due timestamptz;
ALTER TABLE job_schedule ADD COLUMN last_slot timestamptz;
CREATE INDEX job_schedule_due ON job_schedule (partition, next_due) WHERE enabled AND next_due IS NOT NULL;

-- Every tick ever fired; the key makes a second firing of the same slot impossible.
CREATE TABLE tick (
    tick_id       text        PRIMARY KEY,
    job_id        text        NOT NULL,
    scheduled_for timestamptz NOT NULL,
    fired_at      timestamptz NOT NULL,
    catch_up      boolean     NOT NULL
);
CREATE INDEX tick_job ON tick (job_id, scheduled_for);
