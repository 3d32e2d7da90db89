package io.ironcore.local;

import io.ironcore.events.Topics;
import io.ironcore.local.infra.InfraSettings;
import io.ironcore.local.infra.Infrastructure;
import io.ironcore.local.infra.LocalPostgres;
import io.ironcore.local.testing.TopicProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded infrastructure is real: a broker that stores records, a PostgreSQL ready for logical decoding. */
class InfrastructureTest {

    @Test
    void startsARealBrokerAndARealDatabaseAndKeepsTheirDataAcrossRestarts(@TempDir Path dir) throws Exception {
        InfraSettings settings = InfraSettings.forTests(dir, Map.of());
        try (Infrastructure infra = Infrastructure.start(settings)) {
            TopicProbe probe = new TopicProbe(infra.bootstrapServers());
            probe.send(Topics.JOB_EVENTS, "job-1", Map.of("ce_id", "e-1"), "hello".getBytes(StandardCharsets.UTF_8));
            assertThat(probe.readAll(Topics.JOB_EVENTS)).singleElement()
                    .satisfies(r -> assertThat(r.ceId()).isEqualTo("e-1"));

            infra.postgres().ensureDatabase("ironcore_probe");
            infra.postgres().ensureDatabase("ironcore_probe");
            try (Connection c = DriverManager.getConnection(infra.postgres().jdbcUrl("ironcore_probe"),
                    infra.postgres().user(), infra.postgres().password());
                 Statement s = c.createStatement()) {
                assertThat(show(s, "wal_level")).isEqualTo("logical");
                // durable by default, as the demo runs it: zonky's -F (fsync off) and synchronous_commit=off undone
                assertThat(show(s, "fsync")).isEqualTo("on");
                assertThat(show(s, "synchronous_commit")).isEqualTo("on");
                s.execute("CREATE TABLE kept (v text)");
                s.execute("INSERT INTO kept VALUES ('still here')");
            }
        }
        try (Infrastructure infra = Infrastructure.start(settings)) {
            assertThat(new TopicProbe(infra.bootstrapServers()).readAll(Topics.JOB_EVENTS)).hasSize(1);
            try (Connection c = DriverManager.getConnection(infra.postgres().jdbcUrl("ironcore_probe"),
                    infra.postgres().user(), infra.postgres().password());
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("still here");
            }
        }
    }

    @Test
    void testsMayTurnDurabilityOffExplicitly(@TempDir Path dir) throws Exception {
        InfraSettings settings = InfraSettings.forTests(dir, Map.of()).nonDurable();
        assertThat(settings.durable()).isFalse();
        try (LocalPostgres pg = LocalPostgres.embedded(dir.resolve("postgres"), settings.dbPort(), settings.durable());
             Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), pg.user(), pg.password());
             Statement s = c.createStatement()) {
            assertThat(show(s, "fsync")).isEqualTo("off");
            assertThat(show(s, "synchronous_commit")).isEqualTo("off");
        }
    }

    private static String show(Statement s, String setting) throws java.sql.SQLException {
        try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
