-- The queue holds backups, verifications and restores. A job never runs two backups or verifications at once;
-- restores run beside them (the datastore allows it).
ALTER TABLE run_claim ADD COLUMN kind text NOT NULL DEFAULT 'backup';
ALTER TABLE run_claim ADD CONSTRAINT run_claim_kind CHECK (kind IN ('backup', 'verify', 'restore'));
