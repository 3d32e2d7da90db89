package io.ironcore.jobs.service;

import io.ironcore.jobs.config.RunHistoryConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code ironcore.jobs.run-history.*} as Quarkus reads it (its duration syntax): the default horizon is 400 days, and a
 * horizon that is zero or negative stops the start with the property named.
 */
class RunHistoryConfigTest {

    @Test
    void theDefaultHorizonIs400DaysAndStartsFine() {
        RunHistoryConfig c = config(Map.of());
        assertThat(c.horizon()).isEqualTo(Duration.ofDays(400));
        assertThat(c.purge()).isTrue();
        assertThat(c.purgeInterval()).isEqualTo(Duration.ofHours(1));
        startWith(c);   // no exception
        assertThat(config(Map.of("ironcore.jobs.run-history.horizon", "90d")).horizon()).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void aZeroOrNegativeHorizonFailsTheStartNamingTheProperty() {
        for (String bad : new String[]{"0d", "0s", "-5d", "-PT1H"}) {
            RunHistoryConfig c = config(Map.of("ironcore.jobs.run-history.horizon", bad));
            assertThatThrownBy(() -> startWith(c)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("ironcore.jobs.run-history.horizon must be a positive duration (e.g. 400d)"
                            + ", was " + c.horizon());
        }
    }

    @Test
    void aBadIntervalOrBatchIsNamedToo() {
        RunHistoryConfig c = config(Map.of("ironcore.jobs.run-history.purge-interval", "0s",
                "ironcore.jobs.run-history.batch-size", "0"));
        assertThatThrownBy(() -> startWith(c)).hasMessage("ironcore.jobs.run-history.purge-interval must be a positive "
                + "duration, was PT0S; ironcore.jobs.run-history.batch-size must be at least 1, was 0");
    }

    private static RunHistoryConfig config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withMapping(RunHistoryConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(values, "test", 500)).build()
                .getConfigMapping(RunHistoryConfig.class);
    }

    /** What the service does on its StartupEvent. */
    private static void startWith(RunHistoryConfig c) {
        RunHistoryPurgeScheduler s = new RunHistoryPurgeScheduler();
        s.config = c;
        s.check(null);
    }
}
