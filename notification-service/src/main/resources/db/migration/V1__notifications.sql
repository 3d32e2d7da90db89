-- notification-service's own database.

-- What this service needs to know of each job (a projection of the job events).
CREATE TABLE job_settings (
    job_id             text        PRIMARY KEY,
    job_name           text        NOT NULL,
    notification_mode  text        NOT NULL,
    notification_group text,
    updated_at         timestamptz NOT NULL
);

-- Every notification sent: the audit of who was told what.
CREATE TABLE notification (
    id         uuid        PRIMARY KEY,
    event_id   text        NOT NULL,
    job_id     text        NOT NULL,
    run_id     text,
    channel    text        NOT NULL,
    target     text        NOT NULL,
    sent_at    timestamptz NOT NULL,
    UNIQUE (event_id, channel, target)
);
