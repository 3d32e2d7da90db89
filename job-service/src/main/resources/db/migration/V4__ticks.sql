-- A scheduled slot makes at most one run (or one Skipped record): ticks are deduplicated by their id.
CREATE UNIQUE INDEX run_tick ON run (tick_id) WHERE tick_id IS NOT NULL;
