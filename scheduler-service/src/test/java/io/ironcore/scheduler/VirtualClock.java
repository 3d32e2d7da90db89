package io.ironcore.scheduler;

import io.quarkus.test.Mock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The scheduler's clock in tests: it stands still until the test moves it. */
@ApplicationScoped
public class VirtualClock extends Clock {
    private static volatile Instant now = Instant.parse("2026-01-05T00:00:00Z");

    @Produces
    @Mock
    @ApplicationScoped
    Clock clock() {
        return this;
    }

    public static void set(Instant instant) {
        now = instant;
    }

    public static Instant now() {
        return now;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
