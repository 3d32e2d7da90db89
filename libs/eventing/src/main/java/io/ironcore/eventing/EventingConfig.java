package io.ironcore.eventing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.Optional;

/** Configuration of reliable events, prefix {@code ironcore.eventing}. */
@ConfigMapping(prefix = "ironcore.eventing")
public interface EventingConfig {

    /** The CloudEvents {@code source} of every event this service emits, e.g. {@code /ironcore/job-service}. */
    String source();

    Relay relay();

    Consumer consumer();

    Retry retry();

    Purge purge();

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

        /**
         * Debezium's heartbeat: how often the relay writes a logical decoding message into its own database and
         * confirms its position, so that a quiet outbox does not hold PostgreSQL's WAL back through the slot.
         */
        @WithName("heartbeat-interval")
        @WithDefault("30s")
        Duration heartbeatInterval();
    }

    /** Deprecated: use {@code ironcore.eventing.retry.*}. */
    interface Consumer {
        /** Deprecated alias of {@code retry.initial-backoff}; when set, it wins. */
        Optional<Duration> backoff();
    }

    /**
     * How a consumer retries a transient failure (a database that is down, a timeout) in place, keeping the
     * partition's order: back-off from {@code initial-backoff}, doubling up to {@code max-backoff}, until the next
     * attempt would start later than {@code max-duration} after the first one; then the event goes to the
     * dead-letter topic. A permanent failure (a malformed event) goes there at once. The Kafka connector's
     * {@code throttled.unprocessed-record-max-age.ms} and {@code max.poll.interval.ms} must stay above
     * {@code max-duration} (the shared defaults are 15 minutes).
     */
    interface Retry {
        @WithName("initial-backoff")
        @WithDefault("200ms")
        Duration initialBackoff();

        @WithName("max-backoff")
        @WithDefault("30s")
        Duration maxBackoff();

        @WithName("max-duration")
        @WithDefault("10m")
        Duration maxDuration();
    }

    /**
     * The purge of the outbox and the inbox, run by every instance (the deletes are idempotent). An outbox row goes
     * only when it is older than {@code outbox-retention} and the relay's replication slot has confirmed a WAL
     * position taken after the row was written; an inbox id goes when it is older than {@code inbox-retention}.
     */
    interface Purge {
        @WithDefault("true")
        boolean enabled();

        /** How often the purge runs (the first run is one interval after start). */
        @WithDefault("1h")
        Duration interval();

        /** Published outbox rows are kept this long: longer than the relay's worst lag. */
        @WithName("outbox-retention")
        @WithDefault("7d")
        Duration outboxRetention();

        /**
         * Handled event ids are kept this long: longer than any consumer's worst lag, Kafka's retention of the
         * topics (a redelivery older than this would be applied again) and the time a dead-lettered event may wait
         * for its replay.
         */
        @WithName("inbox-retention")
        @WithDefault("30d")
        Duration inboxRetention();

        /** Rows deleted per statement, so a purge never holds long locks. */
        @WithName("batch-size")
        @WithDefault("5000")
        int batchSize();
    }
}
