package io.ironcore.scheduler.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/** The tick loop, prefix {@code ironcore.scheduler}. */
@ConfigMapping(prefix = "ironcore.scheduler")
public interface SchedulerConfig {
    /** How often due schedules are checked; a tick is published at most this much (plus the relay) after its slot. */
    @WithDefault("250ms")
    Duration interval();

    /**
     * Slots at most this old are still fired one by one (late, e.g. after a fail-over); older slots were missed
     * while no scheduler ran, and the job's missed-run policy applies: one run (run-once) or none (skip).
     */
    @WithDefault("60s")
    Duration catchUpWindow();

    /** Schedules handled per transaction. */
    @WithDefault("200")
    int batch();

    /** Whether this instance runs the tick loop (off only in tests that drive it by hand). */
    @WithDefault("true")
    boolean loop();

    Purge purge();

    /**
     * The purge of the tick table (every instance runs it; the deletes are idempotent). A tick goes once it was fired
     * longer ago than {@code tick-retention}, except the latest tick of each job that still has a schedule. The
     * scheduler resumes from its schedules ({@code next_due}, {@code last_slot}), not from the ticks; the tick's key
     * only stops a slot from firing twice, which matters within the catch-up window, so the retention must be longer
     * than {@code catch-up-window}. Published ScheduleTicks in the outbox go with {@code ironcore.eventing.purge.*}.
     */
    interface Purge {
        @WithDefault("true")
        boolean enabled();

        /** How often the purge runs (the first run is a minute after start). */
        @WithDefault("1h")
        Duration interval();

        /** Fired ticks are kept this long. */
        @WithName("tick-retention")
        @WithDefault("30d")
        Duration tickRetention();

        /** Rows deleted per statement, so a purge never holds long locks. */
        @WithName("batch-size")
        @WithDefault("5000")
        int batchSize();
    }
}
