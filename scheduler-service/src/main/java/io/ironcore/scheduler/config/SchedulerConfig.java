package io.ironcore.scheduler.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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
}
