package io.ironcore.eventing.outbox;

import io.ironcore.eventing.EventingConfig;
import io.ironcore.eventing.metrics.OutboxLag;
import io.ironcore.local.infra.Infrastructure;
import io.ironcore.local.infra.LocalPostgres;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
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
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ironcore_outbox_oldest_unsent_age_seconds against a real PostgreSQL and Kafka: 0 while the relay keeps up, growing
 * while it is stopped, 0 again once it has caught up; a row that commits after a later one (out of seq order) while
 * the relay is down counts as unsent.
 */
class OutboxLagTest {
    private static final String DB = "ironcore_eventing_lag";
    private final String slot = "ironcore_lag_test_" + UUID.randomUUID().toString().substring(0, 8);
    private final String topic = "ironcore-test.lag-" + slot;
    private OutboxRelay relay;
    private Connection c;
    private LocalPostgres pg;
    private Infrastructure infra;

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
    void theAgeGrowsWhileTheRelayIsStoppedAndFallsToZeroOnceItCaughtUp() throws Exception {
        infra = IroncoreTestInfrastructure.shared();
        pg = infra.postgres();
        pg.ensureDatabase(DB);
        c = DriverManager.getConnection(pg.jdbcUrl(DB), pg.user(), pg.password());
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS outbox_event, inbox_event, outbox_relay_offset, outbox_relay_progress");
            for (String m : new String[] {"V0_1__outbox_inbox.sql", "V0_2__outbox_relay_progress.sql"}) {
                try (InputStream in = OutboxRelay.class.getResourceAsStream("/db/eventing/" + m)) {
                    s.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        assertThat(OutboxLag.ageSeconds(c)).as("an empty outbox").isZero();

        relay = startRelay();
        long first = insert();
        await("the first row is published", () -> publishedSeq() >= first);
        assertThat(OutboxLag.ageSeconds(c)).isZero();

        // a transaction takes a seq, a later one commits and is published first
        Connection open = DriverManager.getConnection(pg.jdbcUrl(DB), pg.user(), pg.password());
        open.setAutoCommit(false);
        long straggler = insert(open);
        long later = insert();
        assertThat(straggler).isLessThan(later);
        await("the later row is published", () -> publishedSeq() >= later);
        assertThat(OutboxLag.ageSeconds(c)).as("the open transaction's row is not there yet").isZero();

        // the relay stops; the straggler commits: unsent, and its age grows
        relay.stop(null);
        relay = null;
        Thread.sleep(1000);
        open.commit();
        open.close();
        double a = OutboxLag.ageSeconds(c);
        assertThat(a).isGreaterThanOrEqualTo(1.0);
        insert();
        Thread.sleep(1500);
        double b = OutboxLag.ageSeconds(c);
        assertThat(b).isGreaterThanOrEqualTo(a + 1.4);

        // a new relay publishes them, and the age falls to 0
        relay = startRelay();
        await("the relay caught up", () -> age() == 0);
        assertThat(progressGaps()).isZero();
    }

    private OutboxRelay startRelay() {
        OutboxRelay r = new OutboxRelay();
        r.config = config(slot);
        r.jdbcUrl = pg.jdbcUrl(DB);
        r.user = Optional.of(pg.user());
        r.password = Optional.of(pg.password());
        r.bootstrapServers = infra.bootstrapServers();
        r.start(null);
        return r;
    }

    private long insert() throws SQLException {
        return insert(c);
    }

    private long insert(Connection on) throws SQLException {
        try (Statement s = on.createStatement(); ResultSet rs = s.executeQuery("INSERT INTO outbox_event (id, topic, "
                + "aggregate_id, type, source, time, payload) VALUES ('" + UUID.randomUUID() + "', '" + topic
                + "', 'job-1', 'io.ironcore.backup.job.deleted.v1', '/test', now(), '{}') RETURNING seq")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long publishedSeq() {
        return single("SELECT published_seq FROM outbox_relay_progress");
    }

    private long progressGaps() {
        return single("SELECT cardinality(gap_from) FROM outbox_relay_progress");
    }

    private double age() {
        try {
            return OutboxLag.ageSeconds(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long single(String sql) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within 60 s");
            }
            Thread.sleep(100);
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
