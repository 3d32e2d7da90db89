-- The run history's horizon (service/RunHistoryPurge): runs are found by their age, a run's snapshots by the run,
-- and removed snapshots by the time they were removed.
CREATE INDEX run_requested_at ON run (requested_at);
CREATE INDEX snapshot_run ON snapshot (run_id);
CREATE INDEX snapshot_removed_at ON snapshot (removed_at) WHERE removed_at IS NOT NULL;
CREATE INDEX snapshot_copy_removed_at ON snapshot_copy (removed_at) WHERE removed_at IS NOT NULL;
