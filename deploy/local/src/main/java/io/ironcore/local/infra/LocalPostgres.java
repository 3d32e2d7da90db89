package io.ironcore.local.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * PostgreSQL for Ironcore: embedded (a real PostgreSQL server from Maven artifacts, data kept under the data
 * directory, logical decoding on for the outbox relays) or an existing server given by its URL. Every service gets
 * a database of its own on it.
 */
public final class LocalPostgres implements AutoCloseable {
    private volatile EmbeddedPostgres embedded;
    private final Path dir;
    private final boolean durable;
    private final String host;
    private final int port;
    private final String user;
    private final String password;

    private LocalPostgres(EmbeddedPostgres embedded, Path dir, boolean durable, String host, int port, String user,
                          String password) {
        this.embedded = embedded;
        this.dir = dir;
        this.durable = durable;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /**
     * Starts an embedded server whose cluster lives in {@code dir} and survives restarts. Durable: every commit is
     * flushed to disk before it is answered. zonky's defaults are for throw-away test databases ({@code -F}, i.e.
     * fsync off, and {@code synchronous_commit=off}); a {@code -c fsync=on} given after its {@code -F} wins, so
     * durable turns both back on. Not durable is for test JVMs only, whose data goes at exit.
     */
    public static LocalPostgres embedded(Path dir, int port, boolean durable) {
        Ports.requireFree(port, "PostgreSQL");
        EmbeddedPostgres pg = start(dir, port, durable);
        return new LocalPostgres(pg, dir, durable, "127.0.0.1", pg.getPort(), "postgres", "postgres");
    }

    private static EmbeddedPostgres start(Path dir, int port, boolean durable) {
        try {
            Files.createDirectories(dir);
            return EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "32")
                    .setServerConfig("max_wal_senders", "32")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL in " + dir, e);
        }
    }

    /**
     * A crash of the embedded server, for fault drills: SIGKILL to the postmaster (its {@code postmaster.pid}), and
     * to every backend it leaves behind, with no checkpoint and no shutdown. {@link #restart()} brings it back on
     * the same port and data, through crash recovery.
     */
    public synchronized void kill() {
        requireEmbedded();
        try {
            long pid = Long.parseLong(Files.readAllLines(dir.resolve("postmaster.pid")).get(0).trim());
            ProcessHandle postmaster = ProcessHandle.of(pid)
                    .orElseThrow(() -> new IllegalStateException("PostgreSQL (pid " + pid + ") is not running"));
            List<ProcessHandle> backends = postmaster.descendants().toList();
            postmaster.destroyForcibly();
            backends.forEach(ProcessHandle::destroyForcibly);
            postmaster.onExit().get(30, TimeUnit.SECONDS);
            for (ProcessHandle b : backends) {
                b.onExit().get(30, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read PostgreSQL's pid in " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("PostgreSQL did not die", e);
        }
    }

    /** Starts the embedded server again on its port and data directory (after {@link #kill()}, or a stop). */
    public synchronized void restart() {
        requireEmbedded();
        try {
            embedded.close(); // releases its lock on the data directory; the server may be gone already
        } catch (IOException | RuntimeException ignored) {
            // a killed server cannot be stopped
        }
        embedded = start(dir, port, durable);
    }

    private void requireEmbedded() {
        if (embedded == null) {
            throw new IllegalStateException("PostgreSQL is external: it is not ours to kill or restart");
        }
    }

    /**
     * An existing server, e.g. {@code jdbc:postgresql://db.example:5432/postgres}. The user must be allowed to create
     * databases and replication slots, and the server must run with {@code wal_level=logical}.
     */
    public static LocalPostgres external(String jdbcUrl, String user, String password) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        LocalPostgres pg = new LocalPostgres(null, null, false, uri.getHost(), port, user, password);
        pg.requireLogicalDecoding();
        return pg;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    /** Creates the database unless it exists. */
    public void ensureDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("bad database name " + name);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), user, password);
             PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            q.setString(1, name);
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            if ("42P04".equals(e.getSQLState())) { // created concurrently
                return;
            }
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
    }

    private void requireLogicalDecoding() {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), user, password);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW wal_level")) {
            rs.next();
            if (!"logical".equals(rs.getString(1))) {
                throw new IllegalStateException("PostgreSQL at " + host + ":" + port + " runs with wal_level="
                        + rs.getString(1) + "; the outbox relays need wal_level=logical");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to PostgreSQL at " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
