package io.ironcore.eventing.outbox;

import io.ironcore.local.infra.LocalPostgres;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.OffsetStorageReaderImpl;
import org.apache.kafka.connect.storage.OffsetStorageWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The relay's offsets in the service's own database (a real PostgreSQL), driven the way Kafka Connect drives an
 * offset store for Debezium: offsets written through {@link OffsetStorageWriter} with the JSON converter, read back
 * through {@link OffsetStorageReaderImpl} by a new store, as after a restart of the relay.
 */
class JdbcOffsetBackingStoreTest {
    private static final String DB = "ironcore_eventing_offsets";
    private static final String ENGINE = "ironcore-outbox-test";
    private static final Map<String, Object> PARTITION = Map.of("server", "ironcore-outbox-ironcore_jobs");
    private static LocalPostgres pg;
    private static Connection c;

    @BeforeAll
    static void database() throws SQLException {
        pg = IroncoreTestInfrastructure.shared().postgres();
        pg.ensureDatabase(DB);
        c = DriverManager.getConnection(pg.jdbcUrl(DB), pg.user(), pg.password());
    }

    @AfterAll
    static void close() throws SQLException {
        c.close();
    }

    @BeforeEach
    void freshSchema() throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS outbox_event, inbox_event, outbox_relay_offset, offsets_elsewhere");
            try (InputStream in = JdbcOffsetBackingStore.class
                    .getResourceAsStream("/db/eventing/V0_1__outbox_inbox.sql")) {
                s.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void aRestartedRelayReadsTheLastCommittedOffset() throws Exception {
        JdbcOffsetBackingStore first = started();
        assertThat(read(first, PARTITION)).as("a new database: no offset, the relay starts with its snapshot")
                .isNull();
        commit(first, PARTITION, Map.of("lsn", 1000L, "txId", 7L));
        commit(first, PARTITION, Map.of("lsn", 2000L, "txId", 8L, "lsn_commit", 1990L));
        first.stop();

        JdbcOffsetBackingStore second = started();
        try {
            assertThat(read(second, PARTITION)).isEqualTo(Map.of("lsn", 2000L, "txId", 8L, "lsn_commit", 1990L));
        } finally {
            second.stop();
        }
        assertThat(count("SELECT count(*) FROM outbox_relay_offset")).as("one row per partition, overwritten")
                .isEqualTo(1);
    }

    @Test
    void partitionsAreKeptApartAndAnOffsetIsSavedBeforeTheFlushCompletes() throws Exception {
        Map<String, Object> other = Map.of("server", "ironcore-outbox-ironcore_notifications");
        JdbcOffsetBackingStore store = started();
        try {
            commit(store, PARTITION, Map.of("lsn", 10L));
            commit(store, other, Map.of("lsn", 20L));
            // written through: the rows are in the database as soon as the flush has completed
            assertThat(count("SELECT count(*) FROM outbox_relay_offset")).isEqualTo(2);
        } finally {
            store.stop();
        }
        JdbcOffsetBackingStore again = started();
        try {
            assertThat(read(again, PARTITION)).isEqualTo(Map.of("lsn", 10L));
            assertThat(read(again, other)).isEqualTo(Map.of("lsn", 20L));
            assertThat(read(again, Map.of("server", "unknown"))).isNull();
        } finally {
            again.stop();
        }
    }

    @Test
    void aFailedSaveFailsTheFlushSoTheOffsetIsNotAcknowledged() throws Exception {
        JdbcOffsetBackingStore store = started();
        try {
            exec("ALTER TABLE outbox_relay_offset RENAME TO offsets_elsewhere");
            OffsetStorageWriter writer = writer(store);
            writer.offset(PARTITION, Map.of("lsn", 30L));
            assertThat(writer.beginFlush()).isTrue();
            assertThatThrownBy(() -> writer.doFlush((e, v) -> { }).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("cannot save the outbox relay offsets");
        } finally {
            store.stop();
        }
    }

    @Test
    void aStoreThatCannotLoadItsOffsetsRefusesToStart() throws SQLException {
        exec("DROP TABLE outbox_relay_offset");
        JdbcOffsetBackingStore store = new JdbcOffsetBackingStore();
        store.configure(config(pg.jdbcUrl(DB)));
        try {
            assertThatThrownBy(store::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot load the outbox relay offsets");
        } finally {
            store.stop();
        }
    }

    @Test
    void theJdbcUrlIsRequired() {
        assertThatThrownBy(() -> new JdbcOffsetBackingStore().configure(config(" ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(JdbcOffsetBackingStore.URL);
    }

    private static JdbcOffsetBackingStore started() {
        JdbcOffsetBackingStore store = new JdbcOffsetBackingStore();
        store.configure(config(pg.jdbcUrl(DB)));
        store.start();
        return store;
    }

    private static void commit(JdbcOffsetBackingStore store, Map<String, Object> partition, Map<String, Object> offset)
            throws Exception {
        OffsetStorageWriter writer = writer(store);
        writer.offset(partition, offset);
        assertThat(writer.beginFlush()).isTrue();
        writer.doFlush((e, v) -> { }).get(10, TimeUnit.SECONDS);
    }

    private static Map<String, Object> read(JdbcOffsetBackingStore store, Map<String, Object> partition) {
        try (OffsetStorageReaderImpl reader = new OffsetStorageReaderImpl(store, ENGINE, converter(true),
                converter(false))) {
            return reader.offset(partition);
        }
    }

    private static OffsetStorageWriter writer(JdbcOffsetBackingStore store) {
        return new OffsetStorageWriter(store, ENGINE, converter(true), converter(false));
    }

    /** Debezium's embedded engine stores offsets as schemaless JSON. */
    private static JsonConverter converter(boolean isKey) {
        JsonConverter json = new JsonConverter();
        json.configure(Map.of("schemas.enable", "false"), isKey);
        return json;
    }

    private static WorkerConfig config(String url) {
        Map<String, String> p = new HashMap<>();
        p.put("key.converter", JsonConverter.class.getName());
        p.put("value.converter", JsonConverter.class.getName());
        p.put(JdbcOffsetBackingStore.URL, url);
        p.put(JdbcOffsetBackingStore.USER, pg.user());
        p.put(JdbcOffsetBackingStore.PASSWORD, pg.password());
        return new TestWorkerConfig(p);
    }

    private static final class TestWorkerConfig extends WorkerConfig {
        TestWorkerConfig(Map<String, String> props) {
            super(baseConfigDef(), props);
        }
    }

    private static long count(String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void exec(String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
