package io.ironcore.jobs;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
 * Projects keep tenants apart: a member of alpha cannot list, read, run, change or delete bravo's jobs, and cannot
 * tell them from jobs that do not exist. Members cannot attach notification groups or create sync jobs.
 */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_jobs"))
class AccessTest {
    private static final String BRAVO_JOB = "{\"name\":\"bravo-secret\",\"sourceIds\":[\"b-1\"],"
            + "\"datastore\":\"ibs-primary\",\"namespace\":\"production\",\"schedule\":\"02:00\"}";

    @BeforeEach
    void setUp() {
        Fixture.ensure();
        as(token("bob")).body(BRAVO_JOB).post("/api/v1/jobs");
    }

    @Test
    void aMemberOfAnotherProjectCannotReachAJobNorLearnThatItExists() {
        String alice = token("alice");
        as(token("bob")).get("/api/v1/jobs/bravo-secret").then().statusCode(200);

        as(alice).get("/api/v1/jobs").then().statusCode(200).body("items.name", not(hasItem("bravo-secret")))
                .body("items.project", not(hasItem("bravo")));
        String hidden = as(alice).get("/api/v1/jobs/bravo-secret?project=bravo").then().statusCode(404)
                .contentType("application/problem+json").extract().path("type");
        String missing = as(alice).get("/api/v1/jobs/bravo-secret?project=zulu").then().statusCode(404)
                .extract().path("type");
        assertThat(hidden).isEqualTo(missing);
        as(alice).get("/api/v1/jobs/bravo-secret").then().statusCode(404);
        as(alice).get("/api/v1/jobs?project=bravo").then().statusCode(404);
        as(alice).post("/api/v1/jobs/bravo-secret/run?project=bravo").then().statusCode(404);
        as(alice).get("/api/v1/jobs/bravo-secret/runs?project=bravo").then().statusCode(404);
        as(alice).get("/api/v1/jobs/bravo-secret/sources?project=bravo").then().statusCode(404);
        as(alice).contentType("application/merge-patch+json").header("If-Match", "\"1\"")
                .body("{\"schedule\":\"hourly\"}").patch("/api/v1/jobs/bravo-secret?project=bravo")
                .then().statusCode(404);
        as(alice).post("/api/v1/jobs/bravo-secret/disable?project=bravo").then().statusCode(404);
        as(alice).delete("/api/v1/jobs/bravo-secret?project=bravo").then().statusCode(404);
        as(alice).body(BRAVO_JOB.replace("bravo-secret", "planted")).post("/api/v1/jobs?project=bravo")
                .then().statusCode(404);
        as(alice).get("/api/v1/workloads").then().body("id", not(hasItem("b-1")));

        as(token("bob")).get("/api/v1/jobs/bravo-secret").then().statusCode(200)
                .body("version", equalTo(1)).body("enabled", equalTo(true)).body("schedule", equalTo("02:00"));
        as(token("bob")).get("/api/v1/jobs").then().body("items.name", not(hasItem("planted")));
    }

    @Test
    void workloadsOfAnotherProjectAreUnknownToAJob() {
        as(token("alice")).body("{\"name\":\"steal\",\"sourceIds\":[\"b-1\"],\"datastore\":\"ibs-primary\","
                        + "\"namespace\":\"production\"}").post("/api/v1/jobs?project=alpha")
                .then().statusCode(400).body("errors[0].field", equalTo("sourceIds[0]"))
                .body("errors[0].message", equalTo("unknown workload 'b-1'"));
        as(token("alice")).body("{\"name\":\"steal\",\"include\":[{\"project\":\"bravo\"}],"
                        + "\"datastore\":\"ibs-primary\",\"namespace\":\"production\"}").post("/api/v1/jobs?project=alpha")
                .then().statusCode(400).body("errors.field", hasItem("include[0].project"));
        as(token("alice")).body("{\"include\":[{\"project\":\"bravo\"}]}")
                .post("/api/v1/jobs/preview-sources?project=alpha").then().statusCode(400)
                .body("errors[0].field", equalTo("include[0].project"))
                .body("errors[0].message", equalTo("unknown project 'bravo'"));
    }

    @Test
    void onlyProjectAdministratorsAttachNotificationGroupsAndCreateSyncJobs() {
        String alice = token("alice");
        String adam = token("adam");
        as(alice).body(Map.of("name", "oncall", "targets", List.of("mailto:ops@example.org")))
                .post("/api/v1/notification-groups?project=alpha").then().statusCode(403)
                .contentType("application/problem+json");
        as(adam).body(Map.of("name", "oncall", "targets", List.of("mailto:ops@example.org")))
                .post("/api/v1/notification-groups?project=alpha").then().statusCode(201);

        String job = "{\"name\":\"alpha-job\",\"sourceIds\":[\"a-1\"],\"datastore\":\"ibs-primary\","
                + "\"namespace\":\"production\",\"notificationGroup\":\"oncall\"}";
        as(alice).body(job).post("/api/v1/jobs?project=alpha").then().statusCode(403)
                .contentType("application/problem+json").body("errors[0].field", equalTo("notificationGroup"));
        as(alice).body(job.replace(",\"notificationGroup\":\"oncall\"", "")).post("/api/v1/jobs?project=alpha")
                .then().statusCode(201);
        as(alice).contentType("application/merge-patch+json").header("If-Match", "\"1\"")
                .body("{\"notificationGroup\":\"oncall\"}").patch("/api/v1/jobs/alpha-job?project=alpha")
                .then().statusCode(403);
        as(adam).contentType("application/merge-patch+json").header("If-Match", "\"1\"")
                .body("{\"notificationGroup\":\"oncall\"}").patch("/api/v1/jobs/alpha-job?project=alpha")
                .then().statusCode(200).body("notificationGroup", equalTo("oncall"));
        // a member may still change other fields of a job that has a group
        as(alice).contentType("application/merge-patch+json").header("If-Match", "\"2\"")
                .body("{\"schedule\":\"hourly\"}").patch("/api/v1/jobs/alpha-job?project=alpha")
                .then().statusCode(200);

        String sync = "{\"name\":\"weekly-archive\",\"sourceDatastore\":\"ibs-primary\",\"sourceNamespace\":"
                + "\"production\",\"targetDatastore\":\"ibs-backup\",\"targetNamespace\":\"production\","
                + "\"schedule\":\"Sun 04:30\",\"retention\":\"keep-weekly=52\"}";
        as(alice).body(sync).post("/api/v1/sync-jobs?project=alpha").then().statusCode(403)
                .contentType("application/problem+json");
        as(adam).body(sync).post("/api/v1/sync-jobs?project=alpha").then().statusCode(201);
        as(alice).get("/api/v1/sync-jobs?project=alpha").then().statusCode(200)
                .body("name", equalTo(List.of("weekly-archive")));
        as(token("bob")).body(sync).post("/api/v1/sync-jobs?project=alpha").then().statusCode(404);
    }

    @Test
    void aTokenIsWorthItsUserAndNoMore() {
        as(token("alice")).body(Map.of("name", "x")).post("/api/v1/projects").then().statusCode(403);
        as(token("alice")).body(Map.of("name", "mallory")).post("/api/v1/users").then().statusCode(403);
        as(token("alice")).body(Map.of("name", "x")).post("/api/v1/users/bob/tokens").then().statusCode(403);
        as(token("alice")).body(Map.of("name", "x", "path", "/x")).post("/api/v1/datastores").then().statusCode(403);
        as(token("alice")).body(Map.of("role", "admin")).put("/api/v1/projects/alpha/members/alice")
                .then().statusCode(403);
        as(token("alice")).get("/api/v1/whoami").then().body("user", equalTo("alice"))
                .body("projects", equalTo(Map.of("alpha", "member")));
        String extra = as(token("alice")).body(Map.of("name", "laptop")).post("/api/v1/users/alice/tokens")
                .then().statusCode(201).extract().path("token");
        String tokenId = as(extra).get("/api/v1/whoami").then().statusCode(200).extract().path("user");
        assertThat(tokenId).isEqualTo("alice");
    }
}
