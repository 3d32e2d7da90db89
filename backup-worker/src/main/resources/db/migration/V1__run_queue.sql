-- backup-worker's own database: the durable run queue shared by every worker instance.
-- A run request is recorded here (and acknowledged to Kafka) at once; workers claim runs with SKIP LOCKED and
-- hold them by a lease they renew. A worker that dies loses its lease and another one takes the run over.
CREATE TABLE run_claim (
    run_id      text        PRIMARY KEY,
    job_id      text        NOT NULL,
    job_name    text        NOT NULL,
    request     jsonb       NOT NULL,
    state       text        NOT NULL,
    attempt     integer     NOT NULL DEFAULT 0,
    worker_id   text,
    lease_until timestamptz,
    not_before  timestamptz NOT NULL,
    queued_at   timestamptz NOT NULL,
    started_at  timestamptz,
    finished_at timestamptz,
    last_error  text,
    CONSTRAINT run_claim_state CHECK (state IN ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED'))
);
CREATE INDEX run_claim_runnable ON run_claim (state, not_before, lease_until);
