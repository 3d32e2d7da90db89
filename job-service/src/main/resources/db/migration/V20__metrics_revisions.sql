-- Which jobs' series changed since a scrape, so that /q/metrics writes again only theirs (JobMetrics keeps the text
-- of the others). Each row of the tables the per-job series come from carries the id of the transaction that last
-- wrote it (a 64-bit xid8, which does not wrap around); a deleted row leaves its job's id in metrics_gone. A scrape
-- takes the oldest transaction still running when it begins (pg_snapshot_xmin), and the next scrape writes again
-- every job with a row at or above it: a transaction that commits after a scrape has an id at or above that scrape's
-- horizon, whenever it began.
CREATE FUNCTION metrics_rev() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.metrics_rev := pg_current_xact_id();
    RETURN NEW;
END
$$;

CREATE TABLE metrics_gone (
    job_id      uuid        NOT NULL,
    metrics_rev xid8        NOT NULL DEFAULT pg_current_xact_id(),
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX metrics_gone_rev ON metrics_gone (metrics_rev);

CREATE FUNCTION metrics_gone_job() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO metrics_gone (job_id) VALUES (OLD.id);
    RETURN NULL;
END
$$;

CREATE FUNCTION metrics_gone_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO metrics_gone (job_id) VALUES (OLD.job_id);
    RETURN NULL;
END
$$;

ALTER TABLE job ADD COLUMN metrics_rev xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX job_metrics_rev ON job (metrics_rev);
-- only the columns the series show: a job's other columns change at every tick and run
CREATE TRIGGER job_metrics_rev BEFORE UPDATE ON job FOR EACH ROW
    WHEN (OLD.project IS DISTINCT FROM NEW.project OR OLD.name IS DISTINCT FROM NEW.name
        OR OLD.last_success_at IS DISTINCT FROM NEW.last_success_at OR OLD.enabled IS DISTINCT FROM NEW.enabled
        OR OLD.schedule IS DISTINCT FROM NEW.schedule OR OLD.timezone IS DISTINCT FROM NEW.timezone)
    EXECUTE FUNCTION metrics_rev();
CREATE TRIGGER job_metrics_gone AFTER DELETE ON job FOR EACH ROW EXECUTE FUNCTION metrics_gone_job();

ALTER TABLE run_total ADD COLUMN metrics_rev xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX run_total_metrics_rev ON run_total (metrics_rev);
CREATE TRIGGER run_total_metrics_rev BEFORE UPDATE ON run_total FOR EACH ROW EXECUTE FUNCTION metrics_rev();
CREATE TRIGGER run_total_metrics_gone AFTER DELETE ON run_total FOR EACH ROW EXECUTE FUNCTION metrics_gone_row();

ALTER TABLE run_duration ADD COLUMN metrics_rev xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX run_duration_metrics_rev ON run_duration (metrics_rev);
CREATE TRIGGER run_duration_metrics_rev BEFORE UPDATE ON run_duration FOR EACH ROW EXECUTE FUNCTION metrics_rev();
CREATE TRIGGER run_duration_metrics_gone AFTER DELETE ON run_duration FOR EACH ROW
    EXECUTE FUNCTION metrics_gone_row();

ALTER TABLE prune_total ADD COLUMN metrics_rev xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX prune_total_metrics_rev ON prune_total (metrics_rev);
CREATE TRIGGER prune_total_metrics_rev BEFORE UPDATE ON prune_total FOR EACH ROW EXECUTE FUNCTION metrics_rev();
CREATE TRIGGER prune_total_metrics_gone AFTER DELETE ON prune_total FOR EACH ROW EXECUTE FUNCTION metrics_gone_row();

ALTER TABLE job_compliance ADD COLUMN metrics_rev xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX job_compliance_metrics_rev ON job_compliance (metrics_rev);
-- the state and the RPO, not each evaluation's time
CREATE TRIGGER job_compliance_metrics_rev BEFORE UPDATE ON job_compliance FOR EACH ROW
    WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.rpo_seconds IS DISTINCT FROM NEW.rpo_seconds)
    EXECUTE FUNCTION metrics_rev();
CREATE TRIGGER job_compliance_metrics_gone AFTER DELETE ON job_compliance FOR EACH ROW
    EXECUTE FUNCTION metrics_gone_row();
