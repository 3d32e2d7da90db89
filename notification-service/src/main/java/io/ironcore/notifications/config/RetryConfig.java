package io.ironcore.notifications.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/**
 * How deliveries are retried, prefix {@code ironcore.notification.retry}: a delivery that failed in a way worth
 * retrying (unreachable, a timeout, 5xx, 408, 429, a mail relay's error) is tried again after {@code initial-backoff},
 * doubling up to {@code max-backoff}, at most {@code max-attempts} times in all; then it is failed. Retries never hold
 * up the Kafka consumers: the dispatcher sends what is due every {@code poll}.
 */
@ConfigMapping(prefix = "ironcore.notification.retry")
public interface RetryConfig {
    @WithName("max-attempts")
    @WithDefault("8")
    int maxAttempts();

    @WithName("initial-backoff")
    @WithDefault("10s")
    Duration initialBackoff();

    @WithName("max-backoff")
    @WithDefault("15m")
    Duration maxBackoff();

    /** How often the dispatcher looks for due deliveries. */
    @WithDefault("1s")
    Duration poll();

    /**
     * How long a claimed delivery is held by the instance sending it; an instance that dies while sending leaves it
     * to another one after this. Longer than the slowest attempt (webhook timeout, mail timeout).
     */
    @WithDefault("2m")
    Duration lease();

    /** Deliveries claimed per poll. */
    @WithDefault("20")
    int batch();

    /** Deliveries sent at the same time by one instance. */
    @WithDefault("4")
    int threads();
}
