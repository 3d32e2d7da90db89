package io.ironcore.jobs;

import io.ironcore.jobs.service.IdempotencyKeys;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Idempotency-Key on the creating POSTs: the same key and request answer the first answer again, the same key with
 * another request is a 422, concurrent requests with one key create once, and keys are purged after 24 h.
 */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_jobs"))
class IdempotencyTest {
    @Inject
    EntityManager em;
    @Inject
    IdempotencyKeys keys;

    @BeforeEach
    void world() {
        Fixture.ensure();
    }

    @Test
    void theSameKeyAndBodyAnswersTheFirstAnswerAgainAndCreatesOnce() {
        String key = UUID.randomUUID().toString();
        long outbox = count("outbox_event");
        Response first = Fixture.admin().header("Idempotency-Key", key).body(Fixture.job("idem-same"))
                .post("/api/v1/jobs");
        assertThat(first.statusCode()).as(first.asString()).isEqualTo(201);
        Response again = Fixture.admin().header("Idempotency-Key", key).body(Fixture.job("idem-same"))
                .post("/api/v1/jobs");
        assertThat(again.statusCode()).as(again.asString()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(again.<String>path("id")).isEqualTo(first.<String>path("id"));
        assertThat(again.asString()).isEqualTo(first.asString());
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(again.header("ETag")).isEqualTo(first.header("ETag"));
        assertThat(again.contentType()).startsWith("application/json");
        assertThat(countWhere("job", "name = 'idem-same'")).isEqualTo(1);
        assertThat(count("outbox_event")).as("one JobCreated and one JobDefinition").isEqualTo(outbox + 2);
    }

    @Test
    void theSameKeyWithAnotherBodyIsA422AndCreatesNothing() {
        String key = UUID.randomUUID().toString();
        Fixture.admin().header("Idempotency-Key", key).body(Fixture.job("idem-first")).post("/api/v1/jobs")
                .then().statusCode(201);
        long jobs = count("job");
        long outbox = count("outbox_event");
        Response other = Fixture.admin().header("Idempotency-Key", key).body(Fixture.job("idem-other"))
                .post("/api/v1/jobs");
        assertThat(other.statusCode()).as(other.asString()).isEqualTo(422);
        assertThat(other.contentType()).startsWith("application/problem+json");
        assertThat(other.<String>path("detail")).isEqualTo("Idempotency-Key reused with a different request");
        assertThat(other.<List<String>>path("errors.field")).contains("Idempotency-Key");
        assertThat(Fixture.admin().get("/api/v1/jobs/idem-other").statusCode()).isEqualTo(404);
        Response otherProject = Fixture.admin().header("Idempotency-Key", key).queryParam("project", "alpha")
                .body(Fixture.job("idem-first")).post("/api/v1/jobs");
        assertThat(otherProject.statusCode()).as("another query is another request").isEqualTo(422);
        assertThat(count("job")).isEqualTo(jobs);
        assertThat(count("outbox_event")).isEqualTo(outbox);
    }

    @Test
    void theOrderOfFieldsDoesNotMakeAnotherRequest() {
        String key = UUID.randomUUID().toString();
        Response first = Fixture.admin().header("Idempotency-Key", key)
                .body("{\"name\":\"idem-order\",\"targets\":[]}").post("/api/v1/notification-groups");
        assertThat(first.statusCode()).as(first.asString()).isEqualTo(201);
        Response again = Fixture.admin().header("Idempotency-Key", key)
                .body("{ \"targets\": [], \"name\": \"idem-order\" }").post("/api/v1/notification-groups");
        assertThat(again.statusCode()).as(again.asString()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void keysAreTheCallersOwn() {
        String key = UUID.randomUUID().toString();
        Fixture.admin().header("Idempotency-Key", key).body(Map.of("name", "idem-admin-token"))
                .post("/api/v1/users/alice/tokens").then().statusCode(201);
        Response alice = Fixture.as(Fixture.token("alice")).header("Idempotency-Key", key)
                .body(Map.of("name", "idem-alice-token")).post("/api/v1/users/alice/tokens");
        assertThat(alice.statusCode()).as("alice's key is not the administrator's: " + alice.asString())
                .isEqualTo(201);
        assertThat(alice.header("Idempotent-Replayed")).isNull();
        assertThat(alice.<String>path("name")).isEqualTo("idem-alice-token");
    }

    @Test
    void aRefusedRequestLeavesTheKeyFreeForTheCorrectedOne() {
        String key = UUID.randomUUID().toString();
        String bad = Fixture.job("idem-fixed").replace("keep-daily=7", "keep-daily=0");
        Fixture.admin().header("Idempotency-Key", key).body(bad).post("/api/v1/jobs").then().statusCode(400);
        Response fixed = Fixture.admin().header("Idempotency-Key", key).body(Fixture.job("idem-fixed"))
                .post("/api/v1/jobs");
        assertThat(fixed.statusCode()).as(fixed.asString()).isEqualTo(201);
        assertThat(fixed.header("Idempotent-Replayed")).isNull();
    }

    @Test
    void aMalformedKeyIsA400NamingTheHeader() {
        long jobs = count("job");
        Response r = Fixture.admin().header("Idempotency-Key", "k".repeat(300)).body(Fixture.job("idem-long-key"))
                .post("/api/v1/jobs");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.<List<String>>path("errors.field")).contains("Idempotency-Key");
        assertThat(count("job")).isEqualTo(jobs);
    }

    @Test
    void concurrentRequestsWithOneKeyCreateOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        long outbox = count("outbox_event");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                Callable<Response> post = () -> Fixture.admin().header("Idempotency-Key", key)
                        .body(Fixture.job("idem-race")).post("/api/v1/jobs");
                answers.add(pool.submit(post));
            }
            List<String> ids = new ArrayList<>();
            for (Future<Response> f : answers) {
                Response r = f.get();
                assertThat(r.statusCode()).as(r.asString()).isIn(201, 409);
                if (r.statusCode() == 201) {
                    ids.add(r.path("id"));
                } else {
                    assertThat(r.<String>path("type")).endsWith("/idempotency-in-flight");
                }
            }
            assertThat(ids).isNotEmpty();
            assertThat(ids.stream().distinct()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(countWhere("job", "name = 'idem-race'")).isEqualTo(1);
        assertThat(count("outbox_event")).as("one JobCreated and one JobDefinition").isEqualTo(outbox + 2);
    }

    /** Every creating POST of the API, with a body it accepts. */
    static Stream<Arguments> creates() {
        String n = Long.toString(System.nanoTime(), 36);
        return Stream.of(
                Arguments.of("/api/v1/notification-groups", "{\"name\":\"g-" + n + "\",\"targets\":[]}",
                        "notification_group"),
                Arguments.of("/api/v1/sync-jobs", "{\"name\":\"s-" + n + "\",\"sourceDatastore\":\"ibs-primary\","
                        + "\"targetDatastore\":\"ibs-backup\",\"schedule\":\"daily\"}", "sync_job"),
                Arguments.of("/api/v1/datastores", "{\"name\":\"d-" + n + "\",\"path\":\"/srv/datastores/d-" + n
                        + "\"}", "datastore"),
                Arguments.of("/api/v1/datastores/ibs-primary/namespaces", "{\"path\":\"n-" + n + "\"}",
                        "datastore_namespace"),
                Arguments.of("/api/v1/source-roots", "{\"name\":\"r-" + n + "\",\"path\":\"/srv/roots/r-" + n
                        + "\",\"allowedProjects\":[\"default\"]}", "source_root"),
                Arguments.of("/api/v1/projects", "{\"name\":\"p-" + n + "\"}", "project"),
                Arguments.of("/api/v1/users", "{\"name\":\"u-" + n + "\"}", "app_user"),
                Arguments.of("/api/v1/users/alice/tokens", "{\"name\":\"t-" + n + "\"}", "api_token"));
    }

    @Test
    void aSyncJobsRunNowHonoursTheKey() {
        String name = "sr-" + Long.toString(System.nanoTime(), 36);
        Fixture.admin().body("{\"name\":\"" + name + "\",\"sourceDatastore\":\"ibs-primary\",\"targetDatastore\":"
                + "\"ibs-backup\",\"schedule\":\"daily\"}").post("/api/v1/sync-jobs").then().statusCode(201);
        String key = UUID.randomUUID().toString();
        long outbox = count("outbox_event");
        Response first = Fixture.admin().header("Idempotency-Key", key).post("/api/v1/sync-jobs/" + name + "/run");
        assertThat(first.statusCode()).as(first.asString()).isEqualTo(202);
        Response again = Fixture.admin().header("Idempotency-Key", key).post("/api/v1/sync-jobs/" + name + "/run");
        assertThat(again.statusCode()).as(again.asString()).isEqualTo(202);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.asString()).isEqualTo(first.asString());
        assertThat(count("outbox_event")).as("one SyncRequested").isEqualTo(outbox + 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("creates")
    void everyCreatingPostHonoursTheKey(String path, String body, String table) {
        String key = UUID.randomUUID().toString();
        long rows = count(table);
        Response first = Fixture.admin().header("Idempotency-Key", key).body(body).post(path);
        assertThat(first.statusCode()).as(first.asString()).isEqualTo(201);
        Response again = Fixture.admin().header("Idempotency-Key", key).body(body).post(path);
        assertThat(again.statusCode()).as(again.asString()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.asString()).isEqualTo(first.asString());
        assertThat(count(table)).isEqualTo(rows + 1);
        String otherBody = body.replaceFirst("\"([a-z])-", "\"$1z-");
        Response other = Fixture.admin().header("Idempotency-Key", key).body(otherBody).post(path);
        assertThat(other.statusCode()).as(other.asString()).isEqualTo(422);
        assertThat(count(table)).isEqualTo(rows + 1);
    }

    @Test
    void keysArePurgedAfterTheirRetention() {
        String old = "purge-old-" + UUID.randomUUID();
        String fresh = "purge-fresh-" + UUID.randomUUID();
        assertThat(keys.claim("admin", old, "h", "POST", "/api/v1/jobs")).isInstanceOf(IdempotencyKeys.Claimed.class);
        assertThat(keys.claim("admin", fresh, "h", "POST", "/api/v1/jobs"))
                .isInstanceOf(IdempotencyKeys.Claimed.class);
        age(old, "25 hours");
        age(fresh, "23 hours");
        assertThat(keys.purge()).isGreaterThanOrEqualTo(1);
        assertThat(countWhere("idempotency_key", "idempotency_key = '" + old + "'")).isZero();
        assertThat(countWhere("idempotency_key", "idempotency_key = '" + fresh + "'")).isEqualTo(1);
    }

    @Transactional
    void age(String key, String by) {
        em.createNativeQuery("UPDATE idempotency_key SET created_at = created_at - CAST('" + by + "' AS interval) "
                + "WHERE idempotency_key = ?1").setParameter(1, key).executeUpdate();
    }

    @Transactional
    long count(String table) {
        return countWhere(table, "true");
    }

    @Transactional
    long countWhere(String table, String where) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM " + table + " WHERE " + where)
                .getSingleResult()).longValue();
    }
}
