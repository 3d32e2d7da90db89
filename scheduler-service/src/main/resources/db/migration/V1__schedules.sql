-- scheduler-service's own database: the schedules it evaluates (a projection of the job events).
CREATE TABLE job_schedule (
    job_id     text        PRIMARY KEY,
    job_name   text        NOT NULL,
    schedule   text,
    timezone   text        NOT NULL,
    enabled    boolean     NOT NULL,
    updated_at timestamptz NOT NULL
);
