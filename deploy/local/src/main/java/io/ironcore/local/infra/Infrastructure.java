package io.ironcore.local.infra;

import io.ironcore.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/** Kafka and PostgreSQL, started (embedded) or reached (existing), and stopped in the reverse order. */
public final class Infrastructure implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Infrastructure.class);

    private final LocalKafka kafka;
    private final String bootstrapServers;
    private final LocalPostgres postgres;

    private Infrastructure(LocalKafka kafka, String bootstrapServers, LocalPostgres postgres) {
        this.kafka = kafka;
        this.bootstrapServers = bootstrapServers;
        this.postgres = postgres;
    }

    public static Infrastructure start(InfraSettings s) {
        LocalPostgres pg = s.embeddedPostgres()
                ? LocalPostgres.embedded(s.dataDir().resolve("postgres"), s.dbPort(), s.durable())
                : LocalPostgres.external(s.dbUrl(), s.dbUser(), s.dbPassword());
        try {
            if (s.embeddedKafka()) {
                LocalKafka kafka = LocalKafka.start(s.dataDir().resolve("kafka"), s.kafkaPort(),
                        s.kafkaControllerPort(), s.kafkaLib());
                return new Infrastructure(kafka, kafka.bootstrapServers(), pg);
            }
            LocalKafka.ensureTopics(s.kafkaBootstrap(), Topics.all(), Topics.PARTITIONS);
            return new Infrastructure(null, s.kafkaBootstrap(), pg);
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public LocalPostgres postgres() {
        return postgres;
    }

    /** The embedded broker, absent when an existing Kafka is used. */
    public Optional<LocalKafka> kafka() {
        return Optional.ofNullable(kafka);
    }

    @Override
    public void close() {
        try {
            if (kafka != null) {
                kafka.close();
            }
        } catch (RuntimeException e) {
            LOG.warn("stopping Kafka failed", e);
        }
        postgres.close();
    }
}
