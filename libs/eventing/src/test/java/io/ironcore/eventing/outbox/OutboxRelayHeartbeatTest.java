package io.ironcore.eventing.outbox;

import io.ironcore.eventing.EventingConfig;
import io.ironcore.local.infra.Infrastructure;
import io.ironcore.local.infra.LocalPostgres;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay against a real PostgreSQL and Kafka: an outbox row is published, and while the outbox stays quiet (and
 * another database writes WAL) the heartbeat keeps moving the slot's confirmed position, so the WAL is released.
 */
class OutboxRelayHeartbeatTest {
    private static final String DB = "ironcore_eventing_relay";
    private final String slot = "ironcore_relay_test_" + UUID.randomUUID().toString().substring(0, 8);
    private OutboxRelay relay;
    private Connection c;

    @AfterEach
    void stop() throws SQLException {
        if (relay != null) {
            relay.stop(null);
        }
        if (c != null) {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '"
                        + slot + "' AND NOT active");
            }
            c.close();
        }
    }

    @Test
    void aQuietOutboxDoesNotPinTheWal() throws Exception {
        Infrastructure infra = IroncoreTestInfrastructure.shared();
        LocalPostgres pg = infra.postgres();
        pg.ensureDatabase(DB);
        pg.ensureDatabase(DB + "_busy");
        c = DriverManager.getConnection(pg.jdbcUrl(DB), pg.user(), pg.password());
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS outbox_event, inbox_event, outbox_relay_offset");
            try (InputStream in = OutboxRelay.class.getResourceAsStream("/db/eventing/V0_1__outbox_inbox.sql")) {
                s.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        relay = new OutboxRelay();
        relay.config = config(slot);
        relay.jdbcUrl = pg.jdbcUrl(DB);
        relay.user = Optional.of(pg.user());
        relay.password = Optional.of(pg.password());
        relay.bootstrapServers = infra.bootstrapServers();
        relay.start(null);

        String topic = "ironcore-test.relay-" + slot;
        String id = UUID.randomUUID().toString();
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO outbox_event (id, topic, aggregate_id, type, source, time, payload) VALUES ('" + id
                    + "', '" + topic + "', 'job-1', 'io.ironcore.backup.job.deleted.v1', '/test', now(), '{}')");
        }
        TopicProbe kafka = new TopicProbe(infra.bootstrapServers());
        assertThat(kafka.await(topic, r -> id.equals(r.ceId()), Duration.ofSeconds(60)).key()).isEqualTo("job-1");

        // quiet outbox; another database of the server writes WAL all the while
        String before = waitForConfirmed(null, Duration.ofSeconds(30));
        try (Connection busy = DriverManager.getConnection(pg.jdbcUrl(DB + "_busy"), pg.user(), pg.password());
             Statement b = busy.createStatement()) {
            b.execute("SET synchronous_commit = on");
            b.execute("CREATE TABLE IF NOT EXISTS churn (n int)");
            for (int i = 0; i < 20; i++) {
                b.execute("INSERT INTO churn SELECT generate_series(1, 1000)");
                Thread.sleep(200);
            }
        }
        String after = waitForConfirmed(before, Duration.ofSeconds(30));
        assertThat(lsnBelow(before, after)).as(before + " -> " + after).isTrue();
        assertThat(relay.role()).isEqualTo(OutboxRelay.Role.LEADER);
    }

    /** The slot's confirmed position once it exists and (when given) has moved past {@code past}. */
    private String waitForConfirmed(String past, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT confirmed_flush_lsn::text "
                    + "FROM pg_replication_slots WHERE slot_name = '" + slot + "'")) {
                if (rs.next() && rs.getString(1) != null && (past == null || lsnBelow(past, rs.getString(1)))) {
                    return rs.getString(1);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the slot's confirmed position did not move past " + past + " in "
                        + timeout);
            }
            Thread.sleep(250);
        }
    }

    private boolean lsnBelow(String a, String b) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CAST('" + a + "' AS pg_lsn) < "
                + "CAST('" + b + "' AS pg_lsn)")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static EventingConfig config(String slot) {
        EventingConfig.Relay relay = new EventingConfig.Relay() {
            public boolean enabled() { return true; }
            public String slotName() { return slot; }
            public String publicationName() { return "ironcore_outbox"; }
            public Duration retry() { return Duration.ofMillis(500); }
            public Duration offsetFlushInterval() { return Duration.ofMillis(200); }
            public Duration heartbeatInterval() { return Duration.ofSeconds(1); }
        };
        return new EventingConfig() {
            public String source() { return "/test"; }
            public Relay relay() { return relay; }
            public Consumer consumer() { return Optional::empty; }
            public Retry retry() { return null; }
            public Purge purge() { return null; }
        };
    }
}
