package io.ironcore.jobs;

import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.job.JobDeleted;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static io.ironcore.jobs.Fixture.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** {@code DELETE /api/v1/jobs/{name}?orphans=keep|prune}: the orphan policy travels in JobDeleted. */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_jobs"))
class JobDeleteOrphansTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private TopicProbe kafka;

    @BeforeEach
    void setUp() {
        kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
        Fixture.ensure();
    }

    @ParameterizedTest
    @ValueSource(strings = {"archive", "", "KEEP", "keep,prune"})
    void anotherPolicyIsA400NamingOrphansAndDeletesNothing(String orphans) {
        String name = "orphans-bad-" + Math.abs(orphans.hashCode());
        admin().body(Fixture.job(name)).post("/api/v1/jobs").then().statusCode(201);
        admin().queryParam("orphans", orphans).delete("/api/v1/jobs/" + name)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("orphans")).body("detail", containsString("keep or prune"));
        admin().get("/api/v1/jobs/" + name).then().statusCode(200).body("name", equalTo(name));
        admin().delete("/api/v1/jobs/" + name).then().statusCode(204);
    }

    @ParameterizedTest
    @ValueSource(strings = {"?orphans=", "?orphans", "?orphans=keep&orphans=prune", "?orphans=prune%20"})
    void anEmptyOrRepeatedOrPaddedPolicyIsA400Too(String query) {
        String name = "orphans-raw-" + Math.abs(query.hashCode());
        admin().body(Fixture.job(name)).post("/api/v1/jobs").then().statusCode(201);
        admin().urlEncodingEnabled(false).delete("/api/v1/jobs/" + name + query)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("orphans"));
        admin().get("/api/v1/jobs/" + name).then().statusCode(200);
        admin().delete("/api/v1/jobs/" + name).then().statusCode(204);
    }

    @ParameterizedTest
    @CsvSource({"prune,prune", "keep,keep", ",keep"})
    void theEventCarriesThePolicyAndNoneMeansKeep(String given, String expected) throws Exception {
        String name = "orphans-" + (given == null ? "default" : given);
        admin().body(Fixture.job(name)).post("/api/v1/jobs").then().statusCode(201);
        String id = admin().get("/api/v1/jobs/" + name).then().statusCode(200).extract().path("id");
        var request = admin();
        if (given != null) {
            request = request.queryParam("orphans", given);
        }
        request.delete("/api/v1/jobs/" + name).then().statusCode(204);
        admin().get("/api/v1/jobs/" + name).then().statusCode(404);

        TopicProbe.Rec rec = kafka.await(Topics.JOB_EVENTS,
                r -> id.equals(r.key()) && EventTypes.JOB_DELETED.equals(r.ceType()), WAIT);
        // read as every Ironcore consumer reads it: strictly against the shared contract
        JobDeleted deleted = EventJson.readStrict(rec.value(), JobDeleted.class);
        assertThat(deleted.jobId()).isEqualTo(id);
        assertThat(deleted.orphanPolicy().wire()).isEqualTo(expected);
        assertThat(deleted.orphans()).isEqualTo(JobDeleted.Orphans.fromWire(expected));
        assertThat(EventJson.mapper().readTree(rec.value()).path("orphans").asText()).isEqualTo(expected); // as before
    }
}
