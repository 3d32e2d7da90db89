-- What a job's metric points and outcome events carry: its project, action (backup, verify, gc) and mode.
ALTER TABLE job_settings ADD COLUMN project text;
ALTER TABLE job_settings ADD COLUMN job_action text;
ALTER TABLE job_settings ADD COLUMN job_mode text;

-- Every delivery to one target of one notification (a message to a webhook or an address, a metric point to a
-- metric server), written with the event that caused it and sent by the dispatcher, with retries and back-off, until
-- it is sent or failed for good. Its outcome is a NotificationSent or NotificationFailed in the outbox.
CREATE TABLE delivery (
    id              uuid        PRIMARY KEY,
    event_id        text        NOT NULL,
    cause_type      text        NOT NULL,
    job_id          text        NOT NULL,
    job_name        text,
    project         text,
    run_id          text,
    via             text        NOT NULL,
    target_type     text        NOT NULL,
    -- as configured (it may hold credentials); shown_target is the same without secrets
    target          text        NOT NULL,
    shown_target    text        NOT NULL,
    message_id      text        NOT NULL,
    body            text        NOT NULL,
    state           text        NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_error      text,
    created_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    UNIQUE (event_id, target)
);
CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE state = 'pending';

-- Outcomes per target type, counted once in the transaction that decides them (ironcore_notifications_total).
CREATE TABLE notification_total (
    target_type text   NOT NULL,
    outcome     text   NOT NULL,
    count       bigint NOT NULL,
    PRIMARY KEY (target_type, outcome)
);
