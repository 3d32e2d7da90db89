package io.ironcore.eventing;

import io.ironcore.local.infra.LocalPostgres;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.cfg.Configuration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A database of the shared test PostgreSQL with the eventing schema (the migration every service runs), and plain
 * Hibernate on it (no Quarkus, no CDI, resource-local transactions) for the beans that take an EntityManager.
 */
public final class TestDatabase implements AutoCloseable {
    private final LocalPostgres pg;
    private final String name;
    private EntityManagerFactory emf;

    public TestDatabase(String name) {
        this.pg = IroncoreTestInfrastructure.shared().postgres();
        this.name = name;
        pg.ensureDatabase(name);
    }

    /** Drops and recreates the outbox, inbox and offset tables from the migration. */
    public TestDatabase freshSchema() {
        try (Connection c = connect(); Statement s = c.createStatement();
             InputStream in = TestDatabase.class.getResourceAsStream("/db/eventing/V0_1__outbox_inbox.sql")) {
            s.execute("DROP TABLE IF EXISTS outbox_event, inbox_event, outbox_relay_offset");
            s.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(name), pg.user(), pg.password());
    }

    public synchronized EntityManager entityManager() {
        if (emf == null) {
            emf = new Configuration()
                    .setProperty("hibernate.connection.url", pg.jdbcUrl(name))
                    .setProperty("hibernate.connection.username", pg.user())
                    .setProperty("hibernate.connection.password", pg.password())
                    .setProperty("hibernate.connection.pool_size", "4")
                    .setProperty("hibernate.hbm2ddl.auto", "none")
                    .buildSessionFactory();
        }
        return emf.createEntityManager();
    }

    @Override
    public synchronized void close() {
        if (emf != null) {
            emf.close();
        }
    }
}
