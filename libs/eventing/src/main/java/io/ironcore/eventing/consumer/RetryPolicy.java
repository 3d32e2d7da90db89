package io.ironcore.eventing.consumer;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The back-off of a transient failure: the first delay is {@code initialBackoff}, each next one twice the last, at
 * most {@code maxBackoff}; the consumer gives up (dead-letters) once the next attempt would start later than
 * {@code maxDuration} after the first. With the defaults (200 ms, 30 s, 10 min) that is 27 attempts: 0.2, 0.4, …,
 * 25.6 s (51 s in all), then every 30 s.
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, Duration maxDuration) {
    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxDuration, "maxDuration");
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException("retry.initial-backoff must be positive, not " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("retry.max-backoff (" + maxBackoff + ") is below retry.initial-backoff ("
                    + initialBackoff + ")");
        }
        if (maxDuration.isNegative()) {
            throw new IllegalArgumentException("retry.max-duration must not be negative, not " + maxDuration);
        }
    }

    /** The delay after the given (1-based) failed attempt. */
    public Duration backoff(int failedAttempts) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("attempts start at 1");
        }
        Duration d = initialBackoff;
        for (int i = 1; i < failedAttempts && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    /**
     * What to do after a failed attempt.
     *
     * @param failedAttempts attempts made so far, all failed (1 after the first)
     * @param elapsed        time since the first attempt started
     * @return the delay before the next attempt, or empty to give up
     */
    public Optional<Duration> next(int failedAttempts, Duration elapsed) {
        Duration delay = backoff(failedAttempts);
        return elapsed.plus(delay).compareTo(maxDuration) > 0 ? Optional.empty() : Optional.of(delay);
    }
}
