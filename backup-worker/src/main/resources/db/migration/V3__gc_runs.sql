-- Garbage collection runs of GC jobs go through the same queue.
ALTER TABLE run_claim DROP CONSTRAINT run_claim_kind;
ALTER TABLE run_claim ADD CONSTRAINT run_claim_kind CHECK (kind IN ('backup', 'verify', 'gc', 'restore'));
