package io.ironcore.eventing.purge;

import io.ironcore.local.infra.LocalPostgres;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The purge against a real PostgreSQL (wal_level=logical) and a real logical replication slot. */
class EventStorePurgeTest {
    private static final String DB = "ironcore_eventing_purge";
    private static final String SLOT = "ironcore_purge_test_" + UUID.randomUUID().toString().substring(0, 8);
    private static final Duration WEEK = Duration.ofDays(7);
    private static final Duration MONTH = Duration.ofDays(30);
    private static Connection c;

    @BeforeAll
    static void schema() throws Exception {
        LocalPostgres pg = IroncoreTestInfrastructure.shared().postgres();
        pg.ensureDatabase(DB);
        c = DriverManager.getConnection(pg.jdbcUrl(DB), pg.user(), pg.password());
        try (Statement s = c.createStatement()) {
            // the test server runs with synchronous_commit off; the slot only advances over flushed WAL
            s.execute("SET synchronous_commit = on");
            s.execute("DROP TABLE IF EXISTS outbox_event, inbox_event, outbox_relay_offset");
            try (InputStream in = EventStorePurge.class.getResourceAsStream("/db/eventing/V0_1__outbox_inbox.sql")) {
                s.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    @AfterAll
    static void dropSlot() throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '"
                    + SLOT + "'");
        }
        c.close();
    }

    @Test
    void onlyRowsTheSlotHasConfirmedAndOlderThanTheRetentionGo() throws SQLException {
        EventStorePurge purge = new EventStorePurge();
        String old = outbox("8 days");
        String recent = outbox("2 days");
        String oldId = inbox("31 days");
        String recentId = inbox("29 days");

        // no slot yet (the relay never ran): nothing is known to be published, but old inbox ids go
        EventStorePurge.Result r = purge.run(c, SLOT, WEEK, MONTH, 1);
        assertThat(r.outboxDeleted()).isZero();
        assertThat(r.inboxDeleted()).isEqualTo(1);
        assertThat(outboxIds()).contains(old, recent);
        assertThat(inboxIds()).contains(recentId).doesNotContain(oldId);

        // a slot that has not confirmed any mark taken yet: still nothing from the outbox
        exec("SELECT pg_create_logical_replication_slot('" + SLOT + "', 'pgoutput')");
        exec("INSERT INTO inbox_event (consumer, event_id, event_type) VALUES ('t', 'wal', 't')"); // some WAL
        assertThat(purge.run(c, SLOT, WEEK, MONTH, 1).outboxDeleted()).isZero();
        assertThat(outboxIds()).contains(old, recent);

        // the relay confirms everything up to now: the rows older than the retention go, in batches of one
        String third = outbox("9 days");
        exec("INSERT INTO inbox_event (consumer, event_id, event_type) VALUES ('t', 'wal2', 't')");
        exec("SELECT pg_replication_slot_advance('" + SLOT + "', pg_current_wal_insert_lsn())");
        r = purge.run(c, SLOT, WEEK, MONTH, 1);
        assertThat(r.outboxDeleted()).isEqualTo(2);
        assertThat(outboxIds()).contains(recent).doesNotContain(old, third);
        assertThat(r.outboxCutoff()).isPresent();

        // a longer retention keeps what a shorter one would purge
        String tenDays = outbox("10 days");
        exec("SELECT pg_replication_slot_advance('" + SLOT + "', pg_current_wal_insert_lsn())");
        purge.run(c, SLOT, Duration.ofDays(14), MONTH, 100);
        assertThat(outboxIds()).contains(tenDays, recent);
    }

    private static String outbox(String age) throws SQLException {
        String id = UUID.randomUUID().toString();
        try (PreparedStatement p = c.prepareStatement("INSERT INTO outbox_event (id, topic, aggregate_id, type, "
                + "source, time, payload) VALUES (CAST(? AS uuid), 't', 'a', 'x', '/test', now() - CAST(? AS "
                + "interval), '{}')")) {
            p.setString(1, id);
            p.setString(2, age);
            p.executeUpdate();
        }
        return id;
    }

    private static String inbox(String age) throws SQLException {
        String id = UUID.randomUUID().toString();
        try (PreparedStatement p = c.prepareStatement("INSERT INTO inbox_event (consumer, event_id, event_type, "
                + "received_at) VALUES ('t', ?, 'x', now() - CAST(? AS interval))")) {
            p.setString(1, id);
            p.setString(2, age);
            p.executeUpdate();
        }
        return id;
    }

    private static List<String> outboxIds() throws SQLException {
        return ids("SELECT CAST(id AS text) FROM outbox_event");
    }

    private static List<String> inboxIds() throws SQLException {
        return ids("SELECT event_id FROM inbox_event");
    }

    private static List<String> ids(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static void exec(String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
