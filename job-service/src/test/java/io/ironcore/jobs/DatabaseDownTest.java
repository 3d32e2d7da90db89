package io.ironcore.jobs;

import io.ironcore.local.infra.LocalPostgres;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.ironcore.jobs.Fixture.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * job-service with its database taken away (a TCP proxy in front of the test PostgreSQL, cut by the test): the API
 * answers 503 application/problem+json with Retry-After within 2 s, whether the server is down (connections closed,
 * new ones refused) or silent (a hung host: the pool's acquisition timeout bounds the wait); nothing a request tried
 * to write is there afterwards, and the API recovers when the database is back. Its own profile (one restart of
 * Quarkus): the datasource goes through the proxy and the outbox relay is off.
 */
@QuarkusTest
@TestProfile(DatabaseDownTest.ThroughProxy.class)
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_jobs"))
class DatabaseDownTest {
    private static final long BOUND_MS = 2000;

    @ConfigProperty(name = "ironcore.test.db-proxy-control-port")
    int controlPort;

    @AfterEach
    void reopen() {
        control("open");
    }

    @Test
    void aStoppedDatabaseIs503WithRetryAfterAtOnceAndNothingIsWritten() {
        admin().get("/api/v1/jobs").then().statusCode(200);   // through the proxy: the pool has connections

        control("down");
        assertUnavailable(admin().get("/api/v1/jobs"));
        assertUnavailable(admin().body(Map.of("name", "written-while-down")).post("/api/v1/projects"));

        control("open");
        await().atMost(Duration.ofSeconds(30)).until(() -> admin().get("/api/v1/jobs").statusCode() == 200);
        List<String> projects = admin().get("/api/v1/projects").then().statusCode(200).extract().path("name");
        assertThat(projects).doesNotContain("written-while-down");
    }

    @Test
    void aSilentDatabaseIs503WithinTheAcquisitionTimeout() {
        admin().get("/api/v1/jobs").then().statusCode(200);

        control("silent");
        // the pooled connections were dropped: each fails at once; then the pool needs a new one, which hangs
        int before = Integer.parseInt(control("held"));
        for (int i = 0; i < 30 && Integer.parseInt(control("held")) == before; i++) {
            assertUnavailable(admin().get("/api/v1/jobs"));
        }
        assertThat(Integer.parseInt(control("held"))).as("a new connection was tried").isGreaterThan(before);
        assertUnavailable(admin().get("/api/v1/jobs"));
        assertUnavailable(admin().body(Map.of("name", "written-while-silent")).post("/api/v1/projects"));

        control("open");
        await().atMost(Duration.ofSeconds(30)).until(() -> admin().get("/api/v1/jobs").statusCode() == 200);
        List<String> projects = admin().get("/api/v1/projects").then().statusCode(200).extract().path("name");
        assertThat(projects).doesNotContain("written-while-silent");
    }

    private static void assertUnavailable(Response r) {
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.header("Retry-After")).isEqualTo("5");
        assertThat(r.jsonPath().getInt("status")).isEqualTo(503);
        assertThat(r.jsonPath().getString("type")).endsWith("/unavailable");
        assertThat(r.timeIn(java.util.concurrent.TimeUnit.MILLISECONDS)).isLessThan(BOUND_MS);
    }

    private String control(String what) {
        return TcpProxy.command(controlPort, what);
    }

    /** The datasource through the proxy; the relay off (its replication connection would go through it too). */
    public static class ThroughProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ironcore.eventing.relay.enabled", "false");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ProxyResource.class));
        }
    }

    /** Starts after the shared infrastructure (higher order) and points the datasource at the proxy. */
    public static class ProxyResource implements QuarkusTestResourceLifecycleManager {
        private TcpProxy proxy;

        @Override
        public Map<String, String> start() {
            LocalPostgres pg = IroncoreTestInfrastructure.shared().postgres();
            pg.ensureDatabase("ironcore_jobs");
            try {
                proxy = new TcpProxy(pg.host(), pg.port());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + proxy.port()
                    + "/ironcore_jobs", "ironcore.test.db-proxy-control-port", String.valueOf(proxy.controlPort()));
        }

        @Override
        public int order() {
            return 100;
        }

        @Override
        public void stop() {
            try {
                proxy.close();
            } catch (IOException e) {
                // stopping anyway
            }
        }
    }
}
