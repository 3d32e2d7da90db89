-- Issue 16: the outcome of each notification about a run (NotificationSent / NotificationFailed from
-- notification-service), shown with the run. One row per delivery (a target of a notification).
CREATE TABLE run_notification (
    notification_id uuid        PRIMARY KEY,
    run_id          text        NOT NULL,
    job_id          text        NOT NULL,
    cause_type      text        NOT NULL,
    target_type     text        NOT NULL,
    target          text        NOT NULL,
    outcome         text        NOT NULL,
    attempts        integer     NOT NULL,
    at              timestamptz NOT NULL,
    reason          text
);
CREATE INDEX run_notification_run ON run_notification (run_id);
