package io.ironcore.eventing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/** Configuration of reliable events, prefix {@code ironcore.eventing}. */
@ConfigMapping(prefix = "ironcore.eventing")
public interface EventingConfig {

    /** The CloudEvents {@code source} of every event this service emits, e.g. {@code /ironcore/job-service}. */
    String source();

    Relay relay();

    Consumer consumer();

    interface Relay {
        /** Whether this instance runs the outbox relay (one instance per database leads; the others stand by). */
        @WithDefault("true")
        boolean enabled();

        /** The logical replication slot; unique on the PostgreSQL server, shared by the instances of a service. */
        @WithName("slot-name")
        String slotName();

        /** The publication of the outbox table. */
        @WithName("publication-name")
        @WithDefault("ironcore_outbox")
        String publicationName();

        /** How often a standby instance tries to become the relay leader, and the back-off after a failure. */
        @WithDefault("2s")
        Duration retry();

        /** How often published positions are committed (and WAL released). */
        @WithName("offset-flush-interval")
        @WithDefault("1s")
        Duration offsetFlushInterval();
    }

    interface Consumer {
        /** Attempts for a handler that fails with a transient error before the event goes to the dead-letter topic. */
        @WithDefault("5")
        int attempts();

        /** First back-off between attempts; it doubles each time. */
        @WithDefault("200ms")
        Duration backoff();
    }
}
