package io.ironcore.eventing.consumer;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {
    private static final RetryPolicy DEFAULTS = new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(30),
            Duration.ofMinutes(10));

    @Test
    void backoffDoublesFrom200msToTheCapOf30s() {
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 50).stream().map(DEFAULTS::backoff).map(Duration::toMillis))
                .containsExactly(200L, 400L, 800L, 1600L, 3200L, 6400L, 12800L, 25600L, 30000L, 30000L, 30000L);
    }

    @Test
    void theDefaultsRetryForMinutesNotSeconds() {
        List<Duration> delays = schedule(DEFAULTS);
        Duration total = delays.stream().reduce(Duration.ZERO, Duration::plus);
        // 8 doubling delays (51 s), then every 30 s until the next attempt would start after 10 minutes
        assertThat(delays).hasSize(26);
        assertThat(total).isLessThanOrEqualTo(Duration.ofMinutes(10)).isGreaterThan(Duration.ofMinutes(9));
        assertThat(delays.get(delays.size() - 1)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aShortBudgetGivesUpSoonerAndZeroGivesUpAtOnce() {
        RetryPolicy shortOne = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(schedule(shortOne)).extracting(Duration::toMillis).containsExactly(100L, 200L, 400L);
        RetryPolicy none = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ZERO);
        assertThat(none.next(1, Duration.ZERO)).isEmpty();
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, Duration.ofSeconds(1), Duration.ofMinutes(1)))
                .hasMessageContaining("initial-backoff");
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofMinutes(1)))
                .hasMessageContaining("max-backoff");
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMinutes(-1)))
                .hasMessageContaining("max-duration");
    }

    /** The delays a handler that always fails (instantly) would wait. */
    static List<Duration> schedule(RetryPolicy p) {
        List<Duration> out = new ArrayList<>();
        Duration elapsed = Duration.ZERO;
        for (int attempt = 1; ; attempt++) {
            Optional<Duration> d = p.next(attempt, elapsed);
            if (d.isEmpty()) {
                return out;
            }
            out.add(d.get());
            elapsed = elapsed.plus(d.get());
        }
    }
}
