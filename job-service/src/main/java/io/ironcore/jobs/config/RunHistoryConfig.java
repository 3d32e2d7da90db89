package io.ironcore.jobs.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/**
 * The run history's horizon, prefix {@code ironcore.jobs.run-history}. A finished run requested longer ago than the
 * horizon is deleted (with the catalog entries of its removed snapshots), unless it still owns a snapshot that exists
 * or is its job's last run. Every instance runs the purge; the deletes are idempotent.
 */
@ConfigMapping(prefix = "ironcore.jobs.run-history")
public interface RunHistoryConfig {
    /** How long runs are kept; a positive duration. */
    @WithDefault("400d")
    Duration horizon();

    @WithDefault("true")
    boolean purge();

    /** How often the purge runs (the first run is a minute after start). */
    @WithName("purge-interval")
    @WithDefault("1h")
    Duration purgeInterval();

    /** Runs deleted per transaction, so a purge never holds long locks. */
    @WithName("batch-size")
    @WithDefault("1000")
    int batchSize();
}
