package io.ironcore.eventing.outbox;

import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Kafka Connect offsets of the outbox relay, kept in the service's own database (table
 * {@code outbox_relay_offset}), so a restarted relay resumes where it stopped: it neither loses nor re-publishes
 * the whole outbox. Loaded once at start; every commit is written through before it is acknowledged.
 */
public class JdbcOffsetBackingStore extends MemoryOffsetBackingStore {
    public static final String URL = "ironcore.offset.jdbc.url";
    public static final String USER = "ironcore.offset.jdbc.user";
    public static final String PASSWORD = "ironcore.offset.jdbc.password";

    private String url;
    private String user;
    private String password;

    @Override
    public void configure(WorkerConfig config) {
        super.configure(config);
        Map<String, String> originals = config.originalsStrings();
        url = require(originals, URL);
        user = originals.get(USER);
        password = originals.get(PASSWORD);
    }

    @Override
    public synchronized void start() {
        super.start();
        Map<ByteBuffer, ByteBuffer> loaded = new HashMap<>();
        try (Connection c = connect();
             PreparedStatement q = c.prepareStatement("SELECT offset_key, offset_value FROM outbox_relay_offset");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                byte[] value = rs.getBytes(2);
                loaded.put(ByteBuffer.wrap(rs.getBytes(1)), value == null ? null : ByteBuffer.wrap(value));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot load the outbox relay offsets: " + e.getMessage(), e);
        }
        data.putAll(loaded);
    }

    @Override
    protected void save() {
        try (Connection c = connect();
             PreparedStatement up = c.prepareStatement("INSERT INTO outbox_relay_offset (offset_key, offset_value, "
                     + "updated_at) VALUES (?, ?, now()) ON CONFLICT (offset_key) DO UPDATE SET offset_value = "
                     + "EXCLUDED.offset_value, updated_at = now()")) {
            c.setAutoCommit(false);
            for (Map.Entry<ByteBuffer, ByteBuffer> e : data.entrySet()) {
                up.setBytes(1, bytes(e.getKey()));
                up.setBytes(2, e.getValue() == null ? null : bytes(e.getValue()));
                up.addBatch();
            }
            up.executeBatch();
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot save the outbox relay offsets: " + e.getMessage(), e);
        }
    }

    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        return Set.of();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    private static String require(Map<String, String> config, String key) {
        String v = config.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(key + " is not set");
        }
        return v;
    }
}
