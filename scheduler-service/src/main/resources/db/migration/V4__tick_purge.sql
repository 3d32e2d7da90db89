-- The tick purge (purge/TickPurge) finds the ticks fired before its cutoff by this index; the latest tick of each job
-- is found by tick_job.
CREATE INDEX tick_fired_at ON tick (fired_at);
