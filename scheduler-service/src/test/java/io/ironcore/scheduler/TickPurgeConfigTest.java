package io.ironcore.scheduler;

import io.ironcore.scheduler.purge.TickPurge;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A purge configuration that could delete a tick still needed is refused at start, naming the property. */
class TickPurgeConfigTest {
    private static final Duration WINDOW = Duration.ofSeconds(60);

    @Test
    void theDefaultsAreSound() {
        assertThat(TickPurge.configError(Duration.ofDays(30), WINDOW, Duration.ofHours(1), 5000)).isNull();
    }

    @Test
    void aRetentionNotLongerThanTheCatchUpWindowIsRefused() {
        assertThat(TickPurge.configError(Duration.ofSeconds(60), WINDOW, Duration.ofHours(1), 5000))
                .isEqualTo("ironcore.scheduler.purge.tick-retention must be longer than "
                        + "ironcore.scheduler.catch-up-window (PT1M), was PT1M");
        assertThat(TickPurge.configError(Duration.ofDays(-1), WINDOW, Duration.ofHours(1), 5000))
                .startsWith("ironcore.scheduler.purge.tick-retention must be longer");
        assertThat(TickPurge.configError(Duration.ZERO, WINDOW, Duration.ofHours(1), 5000))
                .startsWith("ironcore.scheduler.purge.tick-retention must be longer");
    }

    @Test
    void everyErrorIsNamed() {
        assertThat(TickPurge.configError(Duration.ofDays(30), WINDOW, Duration.ZERO, 0))
                .isEqualTo("ironcore.scheduler.purge.interval must be positive, was PT0S; "
                        + "ironcore.scheduler.purge.batch-size must be at least 1, was 0");
    }
}
