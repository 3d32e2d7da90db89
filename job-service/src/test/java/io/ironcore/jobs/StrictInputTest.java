package io.ironcore.jobs;

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

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Strict input: an unknown field or a key given twice in any request body, a schedule that never elapses, a
 * parameter that is not of its type. Each is a 400 problem naming the field, and nothing is persisted or emitted.
 */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_jobs"))
class StrictInputTest {
    @Inject
    EntityManager em;

    @BeforeEach
    void world() {
        Fixture.ensure();
        if (Fixture.admin().get("/api/v1/jobs/strict-target").statusCode() == 404) {
            Fixture.admin().body(Fixture.job("strict-target")).post("/api/v1/jobs").then().statusCode(201);
        }
        if (Fixture.admin().get("/api/v1/notification-groups").<List<String>>path("name")
                .stream().noneMatch("strict-group"::equals)) {
            Fixture.admin().body(Map.of("name", "strict-group", "targets", List.of()))
                    .post("/api/v1/notification-groups").then().statusCode(201);
        }
    }

    @Test
    void aTypoInACreatedJobIsA400NamingTheFieldAndCreatesNothing() {
        long jobs = count("job");
        long outbox = count("outbox_event");
        String body = Fixture.job("typo-job").replace("\"retention\"", "\"retension\"");
        Response r = Fixture.admin().body(body).post("/api/v1/jobs");
        assertProblem(r, 400, "retension", "unknown field");
        assertThat(Fixture.admin().get("/api/v1/jobs/typo-job").statusCode()).isEqualTo(404);
        assertThat(count("job")).isEqualTo(jobs);
        assertThat(count("outbox_event")).isEqualTo(outbox);
    }

    @Test
    void aTypoInAMergePatchIsA400NamingTheFieldAndChangesNothing() {
        Response before = Fixture.admin().get("/api/v1/jobs/strict-target");
        long outbox = count("outbox_event");
        Response r = Fixture.admin().contentType("application/merge-patch+json").header("If-Match", before.header("ETag"))
                .body("{\"retension\":\"keep-daily=1\"}").patch("/api/v1/jobs/strict-target");
        assertProblem(r, 400, "retension", "unknown field");
        Response after = Fixture.admin().get("/api/v1/jobs/strict-target");
        assertThat(after.header("ETag")).isEqualTo(before.header("ETag"));
        assertThat(after.<String>path("retention")).isEqualTo(before.<String>path("retention"));
        assertThat(count("outbox_event")).isEqualTo(outbox);
    }

    @Test
    void anUnknownFieldInsideAFilterIsNamedByItsPath() {
        long jobs = count("job");
        String body = Fixture.job("typo-filter").replace("\"type\":\"vm\"",
                "\"type\":\"vm\",\"include\":[{\"tag\":\"prod\",\"tagg\":\"web\"}]");
        assertProblem(Fixture.admin().body(body).post("/api/v1/jobs"), 400, "include[0].tagg", "unknown field");
        assertThat(count("job")).isEqualTo(jobs);
    }

    @Test
    void aKeyGivenTwiceIsA400NamingIt() {
        long jobs = count("job");
        long outbox = count("outbox_event");
        String body = Fixture.job("dup-key").replace("\"retention\":\"keep-daily=7\"",
                "\"retention\":\"keep-daily=7\",\"retention\":\"keep-last=1\"");
        assertProblem(Fixture.admin().body(body).post("/api/v1/jobs"), 400, "retention", "duplicate field");
        Response before = Fixture.admin().get("/api/v1/jobs/strict-target");
        Response patch = Fixture.admin().contentType("application/merge-patch+json")
                .header("If-Match", before.header("ETag"))
                .body("{\"description\":\"a\",\"description\":\"b\"}").patch("/api/v1/jobs/strict-target");
        assertProblem(patch, 400, "description", "duplicate field");
        assertThat(Fixture.admin().get("/api/v1/jobs/strict-target").header("ETag")).isEqualTo(before.header("ETag"));
        assertThat(count("job")).isEqualTo(jobs);
        assertThat(count("outbox_event")).isEqualTo(outbox);
    }

    /** Every request body of the API, each with one field too many. */
    static Stream<Arguments> bodies() {
        return Stream.of(
                Arguments.of("POST", "/api/v1/jobs", Fixture.job("extra-job").replace("}", ",\"bogus\":1}")),
                Arguments.of("POST", "/api/v1/jobs/preview-sources", "{\"sourceIds\":[\"12345\"],\"bogus\":1}"),
                Arguments.of("POST", "/api/v1/sync-jobs", "{\"name\":\"extra-sync\",\"sourceDatastore\":\"ibs-primary\","
                        + "\"targetDatastore\":\"ibs-backup\",\"schedule\":\"daily\",\"bogus\":1}"),
                Arguments.of("POST", "/api/v1/notification-groups", "{\"name\":\"extra-group\",\"bogus\":1}"),
                Arguments.of("PUT", "/api/v1/notification-groups/strict-group", "{\"targets\":[],\"bogus\":1}"),
                Arguments.of("POST", "/api/v1/workloads", "{\"id\":\"extra-w\",\"name\":\"extra-w\",\"bogus\":1}"),
                Arguments.of("POST", "/api/v1/datastores", "{\"name\":\"extra-ds\",\"path\":\"/srv/x\",\"bogus\":1}"),
                Arguments.of("POST", "/api/v1/datastores/ibs-primary/namespaces", "{\"path\":\"extra\",\"bogus\":1}"),
                Arguments.of("POST", "/api/v1/restores", "{\"snapshotId\":\"x\",\"target\":\"t\",\"bogus\":1}"),
                Arguments.of("POST", "/api/v1/projects", "{\"name\":\"extra-project\",\"bogus\":1}"),
                Arguments.of("POST", "/api/v1/users", "{\"name\":\"extra-user\",\"bogus\":1}"),
                Arguments.of("PUT", "/api/v1/projects/alpha/members/alice", "{\"role\":\"admin\",\"bogus\":1}"),
                Arguments.of("POST", "/api/v1/users/alice/tokens", "{\"name\":\"extra-token\",\"bogus\":1}"),
                Arguments.of("POST", "/api/v1/snapshots/protect", "{\"snapshotId\":\"x\",\"bogus\":1}"),
                Arguments.of("POST", "/api/v1/retention/simulate", "{\"retention\":\"keep-last=1\",\"bogus\":1}"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("bodies")
    void anUnknownFieldInAnyBodyIsA400AndChangesNothing(String method, String path, String body) {
        Map<String, Long> before = counts();
        Response r = Fixture.admin().body(body).request(method, path);
        assertProblem(r, 400, "bogus", "unknown field");
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void aScheduleThatNeverElapsesIsA400AndCreatesNothing() {
        long jobs = count("job");
        long outbox = count("outbox_event");
        String body = Fixture.job("never-job").replace("\"02:00\"", "\"*-02-30 02:00\"");
        assertProblem(Fixture.admin().body(body).post("/api/v1/jobs"), 400, "schedule", "never elapses");
        assertThat(Fixture.admin().get("/api/v1/jobs/never-job").statusCode()).isEqualTo(404);
        assertThat(count("job")).isEqualTo(jobs);
        assertThat(count("outbox_event")).isEqualTo(outbox);
    }

    @Test
    void aMergePatchToAScheduleThatNeverElapsesIsA400AndChangesNothing() {
        Response before = Fixture.admin().get("/api/v1/jobs/strict-target");
        long outbox = count("outbox_event");
        Response r = Fixture.admin().contentType("application/merge-patch+json").header("If-Match", before.header("ETag"))
                .body("{\"schedule\":\"*-02-30 02:00\"}").patch("/api/v1/jobs/strict-target");
        assertProblem(r, 400, "schedule", "never elapses");
        assertThat(Fixture.admin().get("/api/v1/jobs/strict-target").<String>path("schedule")).isEqualTo("02:00");
        assertThat(count("outbox_event")).isEqualTo(outbox);
    }

    @Test
    void aScheduleOnlyOnceInTenYearsIsAcceptedAndAnEmptyOneIsManual() {
        // 29 February: elapses at most four years ahead
        String leap = Fixture.job("leap-day").replace("\"02:00\"", "\"*-02-29 02:00\"");
        Fixture.admin().body(leap).post("/api/v1/jobs").then().statusCode(201);
        String manual = Fixture.job("manual-only").replace("\"02:00\"", "\"\"");
        Response r = Fixture.admin().body(manual).post("/api/v1/jobs");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        assertThat(r.<Object>path("schedule")).isNull();
        assertThat(r.<Object>path("nextRunAt")).isNull();
        for (String name : List.of("leap-day", "manual-only")) {
            Fixture.admin().header("If-Match", "*").delete("/api/v1/jobs/" + name).then().statusCode(204);
        }
    }

    @Test
    void aPageSizeThatIsNotANumberIsA400NamingIt() {
        assertProblem(Fixture.admin().get("/api/v1/jobs?limit=abc"), 400, "limit", "must be a whole number");
        assertProblem(Fixture.admin().get("/api/v1/jobs/strict-target/runs?limit=1x"), 400, "limit",
                "must be a whole number");
        assertProblem(Fixture.admin().get("/api/v1/jobs?limit=99999999999"), 400, "limit", "must be a whole number");
    }

    @Test
    void aRunIdThatIsNotAUuidIsA400NamingIt() {
        assertProblem(Fixture.admin().get("/api/v1/jobs/strict-target/runs/not-a-uuid"), 400, "runId",
                "must be a UUID");
        assertThat(Fixture.admin().get("/api/v1/jobs/strict-target/runs/" + java.util.UUID.randomUUID())
                .statusCode()).as("a well-formed id that names no run is still 404").isEqualTo(404);
    }

    private static void assertProblem(Response r, int status, String field, String message) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.<Integer>path("status")).isEqualTo(status);
        List<Map<String, String>> errors = r.path("errors");
        assertThat(errors).as(r.asString()).contains(Map.of("field", field, "message", message));
    }

    private Map<String, Long> counts() {
        Map<String, Long> m = new java.util.LinkedHashMap<>();
        for (String t : List.of("job", "sync_job", "notification_group", "workload", "datastore",
                "datastore_namespace", "restore", "project", "project_member", "app_user", "api_token",
                "outbox_event")) {
            m.put(t, count(t));
        }
        return m;
    }

    @Transactional
    long count(String table) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM " + table).getSingleResult()).longValue();
    }
}
