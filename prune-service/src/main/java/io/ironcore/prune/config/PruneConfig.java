package io.ironcore.prune.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/** prune-service's settings, prefix {@code ironcore.prune}. */
@ConfigMapping(prefix = "ironcore.prune")
public interface PruneConfig {
    /** What to do with the snapshots of a paused (disabled) job. */
    enum PausedJobs {
        /** The sweep prunes them with the job's retention, as if it had run (the default). */
        PRUNE,
        /** Left as they are until the job runs again. */
        KEEP
    }

    /**
     * Whether the sweep prunes the snapshots of paused jobs ({@code prune}, the default) or leaves them
     * ({@code keep}). Deleted jobs follow the orphan policy they were deleted with, whatever this says.
     */
    @WithName("paused-jobs")
    @WithDefault("prune")
    PausedJobs pausedJobs();

    Sweep sweep();

    /**
     * The sweep: a prune pass, without a run, over the snapshots of every job deleted with {@code orphans=prune} and
     * of every paused job (unless {@code paused-jobs=keep}); it also counts the orphans that are kept.
     */
    interface Sweep {
        /** Off only in tests that drive the sweep by hand. */
        @WithDefault("true")
        boolean enabled();

        /** How often the sweep runs. */
        @WithDefault("1h")
        Duration every();

        /** How long after start-up the first sweep runs. */
        @WithDefault("1m")
        Duration delay();
    }
}
