package io.ironcore.jobs;

import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.ironcore.jobs.Fixture.admin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** The Prune Simulator over REST, as the dashboard calls it. */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_jobs"))
class PruneSimulatorApiTest {

    @Test
    void explainsWhichSnapshotsAPolicyKeeps() {
        admin().body("{\"retention\":\"keep-daily=2\",\"snapshots\":[\"2019-12-02T11:59:00Z\","
                        + "\"2019-12-03T11:59:00Z\",\"2019-12-04T11:59:00Z\",\"2019-12-04T12:59:00Z\"]}")
                .post("/api/v1/retention/simulate").then().statusCode(200)
                .body("generations.keep", equalTo(List.of(false, true, false, true)))
                .body("generations[3].reason", equalTo("daily 1 of 2"))
                .body("kept", equalTo(2));
    }

    @Test
    void projectsASchedule() {
        admin().body("{\"retention\":\"keep-daily=7\",\"schedule\":\"02:00\",\"timezone\":\"UTC\","
                        + "\"from\":\"2026-01-01T00:00:00Z\",\"days\":30}")
                .post("/api/v1/retention/simulate").then().statusCode(200)
                .body("generations.size()", equalTo(30)).body("kept", equalTo(7)).body("peak", equalTo(7))
                .body("generations[29].time", equalTo("2026-01-30T02:00:00Z"));
    }

    @Test
    void badPoliciesAreProblems() {
        admin().body("{\"retention\":\"keep-daily=0\",\"snapshots\":[]}").post("/api/v1/retention/simulate")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("retention"));
        admin().body("{\"retention\":\"keep-daily=1\",\"schedule\":\"Sunn 03:00\"}")
                .post("/api/v1/retention/simulate").then().statusCode(400).body("errors.field", hasItem("schedule"));
    }
}
