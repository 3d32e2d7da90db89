package io.ironcore.jobs;

import io.ironcore.events.EventJson;
import io.ironcore.events.Topics;
import io.ironcore.events.job.SourceFilter;
import io.ironcore.events.run.RunRequested;
import io.ironcore.events.run.RunSource;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.ironcore.jobs.Fixture.admin;
import static io.ironcore.jobs.Fixture.as;
import static io.ironcore.jobs.Fixture.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * Where workers may read: disks lie below source roots a system administrator granted to the workload's project, a
 * disk image belongs to one workload, and a job (its include filters, a verify without sources) selects only its own
 * project's workloads and backup groups.
 */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_jobs"))
class SourceIsolationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private TopicProbe kafka;

    @BeforeEach
    void setUp() {
        kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
        Fixture.ensure();
    }

    @Test
    void onlySystemAdministratorsRegisterSourceRootsAndProjectsSeeTheirOwn() {
        as(token("adam")).body(Map.of("name", "mine", "path", "/", "allowedProjects", List.of("alpha")))
                .post("/api/v1/source-roots").then().statusCode(403);
        for (String bad : List.of("relative/dir", "/", "/srv/../etc", "/srv/./images", "/srv/images/", "/srv//x")) {
            admin().body(Map.of("name", "bad-root", "path", bad, "allowedProjects", List.of("alpha")))
                    .post("/api/v1/source-roots").then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem("path"));
        }
        admin().body(Map.of("name", "bad-root", "path", "/srv/x", "allowedProjects", List.of("zulu")))
                .post("/api/v1/source-roots").then().statusCode(400).body("errors.field", hasItem("allowedProjects[0]"));
        admin().body(Map.of("name", "bad-root", "path", "/srv/x")).post("/api/v1/source-roots")
                .then().statusCode(400).body("errors.field", hasItem("allowedProjects"));
        admin().body(Map.of("name", "Bad Root", "path", "/srv/x", "allowedProjects", List.of("alpha")))
                .post("/api/v1/source-roots").then().statusCode(400).body("errors.field", hasItem("name"));
        admin().body(Map.of("name", "images", "path", "/srv/other", "allowedProjects", List.of("alpha")))
                .post("/api/v1/source-roots").then().statusCode(409).body("errors.field", hasItem("name"));
        admin().body(Map.of("name", "images-again", "path", "/srv/images", "allowedProjects", List.of("alpha")))
                .post("/api/v1/source-roots").then().statusCode(409).body("errors.field", hasItem("path"));
        admin().get("/api/v1/source-roots").then().statusCode(200).body("name", not(hasItem("bad-root")))
                .body("name", hasItem("bravo-images"));

        as(token("alice")).get("/api/v1/source-roots").then().statusCode(200)
                .body("name", equalTo(List.of("images")))
                .body("[0].path", equalTo("/srv/images"))
                .body("[0].allowedProjects", equalTo(List.of("alpha")));
        as(token("bob")).get("/api/v1/source-roots").then().statusCode(200)
                .body("name", equalTo(List.of("bravo-images", "images")));
    }

    @Test
    void aDiskOutsideTheProjectsRootsIsRefusedAndNothingIsPersisted() {
        long workloads = count("workload");
        long disks = count("workload_disk");
        String adam = token("adam");
        attempt(adam, Map.of("name", "drive-scsi0", "path", "/etc/shadow")).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("disks[0].path"))
                .body("errors[0].message", equalTo("not below a source root granted to project alpha"));
        // a root that exists but is not alpha's is not told apart from one below no root
        attempt(adam, Map.of("name", "drive-scsi0", "path", "/srv/bravo-images/b.raw")).then().statusCode(400)
                .body("errors[0].field", equalTo("disks[0].path"))
                .body("errors[0].message", equalTo("not below a source root granted to project alpha"));
        attempt(adam, Map.of("name", "drive-scsi0", "sourceRoot", "bravo-images", "path", "b.raw")).then()
                .statusCode(400).body("errors[0].field", equalTo("disks[0].sourceRoot"))
                .body("errors[0].message", equalTo("source root bravo-images is not granted to project alpha"));
        attempt(adam, Map.of("name", "drive-scsi0", "sourceRoot", "nowhere", "path", "b.raw")).then()
                .statusCode(400).body("errors[0].field", equalTo("disks[0].sourceRoot"));
        for (String escape : List.of("../../etc/shadow", "a/../../../etc/shadow", "/etc/shadow", "./x.raw",
                "a//b.raw", "a\u0000b.raw")) {
            attempt(adam, Map.of("name", "drive-scsi0", "sourceRoot", "images", "path", escape)).then()
                    .statusCode(400).body("errors[0].field", equalTo("disks[0].path"));
        }
        attempt(adam, Map.of("name", "drive-scsi0", "path", "/srv/images/../../etc/shadow")).then()
                .statusCode(400).body("errors[0].field", equalTo("disks[0].path"))
                .body("errors[0].message", equalTo("must not contain '..' components"));
        attempt(adam, Map.of("name", "drive-scsi0", "path", "images/a.raw")).then().statusCode(400)
                .body("errors[0].field", equalTo("disks[0].sourceRoot"));

        // another project's image, by its absolute path or below the root: it belongs to workload 12345 already
        attempt(adam, Map.of("name", "drive-scsi0", "path", "/srv/images/12345.raw")).then().statusCode(409)
                .contentType("application/problem+json").body("errors[0].field", equalTo("disks[0].path"));
        attempt(adam, Map.of("name", "drive-scsi0", "sourceRoot", "images", "path", "12345.raw")).then()
                .statusCode(409).body("errors[0].field", equalTo("disks[0].path"));
        admin().queryParam("project", "bravo").body(Map.of("id", "steal", "name", "x", "disks", List.of(
                        Map.of("name", "drive-scsi0", "sourceRoot", "images", "path", "a-1.raw"))))
                .post("/api/v1/workloads").then().statusCode(409).body("errors[0].field", equalTo("disks[0].path"));
        assertThat(count("workload")).isEqualTo(workloads);
        assertThat(count("workload_disk")).isEqualTo(disks);
        admin().get("/api/v1/workloads").then().body("id", not(hasItem("evil"))).body("id", not(hasItem("steal")));

        // below a granted root, given either way, it is stored as the root and the path relative to it
        as(adam).queryParam("project", "alpha").body(Map.of("id", "a-2", "name", "alpha-db-01", "disks", List.of(
                        Map.of("name", "drive-scsi0", "path", "/srv/images/alpha/a-2.raw"),
                        Map.of("name", "drive-scsi1", "sourceRoot", "images", "path", "alpha/a-2-data.raw"))))
                .post("/api/v1/workloads").then().statusCode(201)
                .body("disks[0].sourceRoot", equalTo("images"))
                .body("disks[0].relativePath", equalTo("alpha/a-2.raw"))
                .body("disks[0].path", equalTo("/srv/images/alpha/a-2.raw"))
                .body("disks[1].path", equalTo("/srv/images/alpha/a-2-data.raw"));
        as(adam).queryParam("project", "alpha").body(Map.of("id", "a-3", "name", "alpha-db-02", "disks", List.of(
                        Map.of("name", "drive-scsi0", "sourceRoot", "images", "path", "alpha/a-2-data.raw"))))
                .post("/api/v1/workloads").then().statusCode(409).body("errors[0].field", equalTo("disks[0].path"));
        assertThat(count("workload_disk")).isEqualTo(disks + 2);
    }

    @Test
    void anIncludeFilterNamingAnotherProjectIsRefusedAndAStoredOneSelectsNothingOfIt() {
        admin().body("{\"name\":\"cross-include\",\"include\":[{\"project\":\"alpha\"}],"
                        + "\"datastore\":\"ibs-primary\",\"namespace\":\"production\"}").post("/api/v1/jobs")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("include[0].project"))
                .body("errors[0].message", equalTo("a job selects only workloads of its own project"));
        as(token("adam")).body("{\"name\":\"cross-include\",\"include\":[{\"tag\":\"prod\"},{\"project\":\"bravo\"}],"
                        + "\"datastore\":\"ibs-primary\",\"namespace\":\"production\"}").post("/api/v1/jobs?project=alpha")
                .then().statusCode(400).body("errors[0].field", equalTo("include[1].project"));
        assertThat(jobs("cross-include")).isZero();
        admin().body("{\"name\":\"own-include\",\"include\":[{\"project\":\"default\"}],"
                + "\"datastore\":\"ibs-primary\",\"namespace\":\"production\"}").post("/api/v1/jobs")
                .then().statusCode(201);

        // a job stored before the check, with filters naming another project
        admin().body("{\"name\":\"stored-cross\",\"include\":[{\"tag\":\"prod\"}],"
                + "\"datastore\":\"ibs-primary\",\"namespace\":\"production\"}").post("/api/v1/jobs")
                .then().statusCode(201);
        QuarkusTransaction.requiringNew().run(() -> Job.<Job>findByName("default", "stored-cross").orElseThrow()
                .include = List.of(new SourceFilter(null, null, "alpha"), new SourceFilter(null, "prod", null)));
        List<String> shown = admin().get("/api/v1/jobs/stored-cross/sources").then().statusCode(200).extract()
                .jsonPath().getList("id");
        assertThat(shown).contains("12345", "12346", "12347").doesNotContain("a-1", "a-2", "b-1");
        String runId = admin().post("/api/v1/jobs/stored-cross/run").then().statusCode(202).extract().path("id");
        RunRequested req = EventJson.read(kafka.await(Topics.RUN_REQUESTS, r -> r.valueString().contains(runId), WAIT)
                .value(), RunRequested.class);
        assertThat(req.sources()).extracting(RunSource::id).containsExactly("12345", "12346", "12347");

        QuarkusTransaction.requiringNew().run(() -> Job.<Job>findByName("default", "stored-cross").orElseThrow()
                .include = List.of(new SourceFilter(null, null, "alpha")));
        admin().get("/api/v1/jobs/stored-cross/sources").then().statusCode(200).body("id", equalTo(List.of()));
        admin().post("/api/v1/jobs/stored-cross/run").then().statusCode(409);
    }

    @Test
    void aVerifyJobWithoutSourcesChecksOnlyItsOwnProjectsGroups() {
        as(token("bob")).body("{\"name\":\"bravo-verify\",\"action\":\"verify\",\"datastore\":\"bravo-only\","
                + "\"namespace\":\"production\"}").post("/api/v1/jobs?project=bravo").then().statusCode(201);
        String runId = as(token("bob")).post("/api/v1/jobs/bravo-verify/run?project=bravo").then().statusCode(202)
                .extract().path("id");
        RunRequested req = EventJson.read(kafka.await(Topics.RUN_REQUESTS, r -> r.valueString().contains(runId), WAIT)
                .value(), RunRequested.class);
        assertThat(req.verify()).isTrue();
        assertThat(req.project()).isEqualTo("bravo");
        assertThat(req.sources()).extracting(RunSource::id).containsExactly("b-1");
    }

    private static io.restassured.response.Response attempt(String token, Map<String, String> disk) {
        return as(token).queryParam("project", "alpha").body(Map.of("id", "evil", "name", "evil",
                "disks", List.of(disk))).post("/api/v1/workloads");
    }

    private static long count(String table) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) Workload.getEntityManager()
                .createNativeQuery("SELECT count(*) FROM " + table).getSingleResult()).longValue());
    }

    private static long jobs(String name) {
        return QuarkusTransaction.requiringNew().call(() -> Job.count("name", name));
    }
}
