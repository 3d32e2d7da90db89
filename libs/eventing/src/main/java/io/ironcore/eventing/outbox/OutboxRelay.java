package io.ironcore.eventing.outbox;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.ironcore.eventing.EventingConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.source.SourceRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes the outbox to Kafka. Debezium's embedded engine tails the {@code outbox_event} table through a logical
 * replication slot (pgoutput); every batch is sent with an idempotent producer and acknowledged by Kafka before
 * its position is committed to {@code outbox_relay_offset}. So an event is published if and only if its
 * transaction committed, at least once, in commit order; consumers deduplicate on the event id.
 *
 * <p>Among the instances of a service on one database, the holder of a PostgreSQL advisory lock is the leader and
 * runs the engine; the others stand by and take over when its session ends.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String LOCK_SQL = "SELECT pg_try_advisory_lock(hashtext('ironcore.outbox-relay'))";

    public enum Role { DISABLED, STARTING, STANDBY, LEADER, FAILED, STOPPED }

    @Inject
    EventingConfig config;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> user;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final AtomicReference<Role> role = new AtomicReference<>(Role.DISABLED);
    private final RelayProgress progress = new RelayProgress();
    private volatile String lastError;
    private volatile boolean stopping;
    private volatile DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private ExecutorService supervisor;
    private ExecutorService engineThread;

    void start(@Observes StartupEvent event) {
        if (!config.relay().enabled()) {
            LOG.info("outbox relay disabled on this instance");
            return;
        }
        role.set(Role.STARTING);
        supervisor = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-relay-supervisor"));
        engineThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-relay-engine"));
        supervisor.submit(this::supervise);
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        closeEngine();
        if (supervisor != null) {
            supervisor.shutdownNow();
            engineThread.shutdownNow();
            try {
                supervisor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (role.get() != Role.DISABLED) {
            role.set(Role.STOPPED);
        }
    }

    public Role role() {
        return role.get();
    }

    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    private void supervise() {
        while (!stopping) {
            try (Connection lock = DriverManager.getConnection(jdbcUrl, user.orElse(null), password.orElse(null))) {
                if (!tryLock(lock)) {
                    role.set(Role.STANDBY);
                    sleep(config.relay().retry().toMillis());
                    continue;
                }
                role.set(Role.LEADER);
                LOG.infof("outbox relay leads: slot %s", config.relay().slotName());
                lead(lock);
            } catch (Exception e) {
                if (stopping) {
                    break;
                }
                lastError = e.toString();
                role.set(Role.FAILED);
                LOG.warnf("outbox relay failed, retrying in %s: %s", config.relay().retry(), e);
            } finally {
                closeEngine();
            }
            sleep(config.relay().retry().toMillis());
        }
    }

    /** Runs the engine until it stops, the lock session ends, or the service stops. */
    private void lead(Connection lock) throws Exception {
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig());
        progress.lead(jdbcUrl, user.orElse(null), password.orElse(null));
        try {
            engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                    .using(engineConfig())
                    .notifying((records, committer) -> publish(producer, records, committer))
                    .using((success, message, error) -> {
                        if (!success && !stopping) {
                            lastError = message + (error == null ? "" : ": " + error);
                        }
                    })
                    .build();
            Future<?> running = engineThread.submit(engine);
            while (!stopping && !running.isDone()) {
                if (!lock.isValid(5)) {
                    throw new SQLException("lost the relay lock session");
                }
                sleep(config.relay().retry().toMillis());
            }
            if (!stopping) {
                running.get();
                throw new IllegalStateException("the Debezium engine stopped" + lastError().map(e -> ": " + e).orElse(""));
            }
        } finally {
            closeEngine();
            producer.close(Duration.ofSeconds(5));
            progress.close();
        }
    }

    private void publish(KafkaProducer<String, byte[]> producer, List<RecordChangeEvent<SourceRecord>> records,
                         DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        for (RecordChangeEvent<SourceRecord> r : records) {
            Optional<ProducerRecord<String, byte[]>> event = OutboxRecordMapper.map(r.record());
            event.ifPresent(e -> sent.add(producer.send(e)));
        }
        producer.flush();
        for (Future<RecordMetadata> f : sent) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("Kafka refused an outbox event: " + e.getCause(), e.getCause());
            }
        }
        List<Long> seqs = new ArrayList<>();
        for (RecordChangeEvent<SourceRecord> r : records) {
            committer.markProcessed(r);
            RelayProgress.seqOf(r.record()).ifPresent(seqs::add);
        }
        committer.markBatchFinished();
        if (!seqs.isEmpty()) {
            progress.recordBatch(seqs, Instant.now());
        }
        if (!sent.isEmpty()) {
            LOG.debugf("published %d outbox events", sent.size());
        }
    }

    private boolean tryLock(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(LOCK_SQL)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private Properties engineConfig() {
        URI db = URI.create(jdbcUrl.substring("jdbc:".length()));
        String dbName = db.getPath().substring(1);
        Properties p = new Properties();
        p.setProperty("name", "ironcore-outbox-" + config.relay().slotName());
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("offset.storage", JdbcOffsetBackingStore.class.getName());
        p.setProperty(JdbcOffsetBackingStore.URL, jdbcUrl);
        user.ifPresent(u -> p.setProperty(JdbcOffsetBackingStore.USER, u));
        password.ifPresent(pw -> p.setProperty(JdbcOffsetBackingStore.PASSWORD, pw));
        p.setProperty("offset.flush.interval.ms", String.valueOf(config.relay().offsetFlushInterval().toMillis()));
        p.setProperty("database.hostname", db.getHost());
        p.setProperty("database.port", String.valueOf(db.getPort() < 0 ? 5432 : db.getPort()));
        user.ifPresent(u -> p.setProperty("database.user", u));
        password.ifPresent(pw -> p.setProperty("database.password", pw));
        p.setProperty("database.dbname", dbName);
        p.setProperty("topic.prefix", "ironcore-outbox-" + dbName);
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", config.relay().slotName());
        p.setProperty("publication.name", config.relay().publicationName());
        p.setProperty("publication.autocreate.mode", "filtered");
        p.setProperty("table.include.list", "public.outbox_event");
        p.setProperty("snapshot.mode", "initial");
        p.setProperty("tombstones.on.delete", "false");
        p.setProperty("decimal.handling.mode", "string");
        p.setProperty("errors.max.retries", "-1");
        // look for new changes often: an event is on Kafka well within a second of its commit
        p.setProperty("poll.interval.ms", "50");
        // a quiet outbox must not pin the WAL through the slot: every heartbeat writes a (non-transactional) logical
        // decoding message into this database, which the relay receives, skips and confirms like any change
        p.setProperty("heartbeat.interval.ms", String.valueOf(config.relay().heartbeatInterval().toMillis()));
        p.setProperty("heartbeat.action.query",
                "SELECT pg_logical_emit_message(false, 'ironcore-outbox-heartbeat', now()::text)");
        return p;
    }

    private Properties producerConfig() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay-" + config.relay().slotName());
        return p;
    }

    private void closeEngine() {
        DebeziumEngine<?> e = engine;
        engine = null;
        if (e != null) {
            try {
                e.close();
            } catch (Exception ex) {
                LOG.debug("closing the Debezium engine", ex);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
