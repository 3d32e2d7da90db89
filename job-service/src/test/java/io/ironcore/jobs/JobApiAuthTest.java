package io.ironcore.jobs;

import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.ironcore.jobs.Fixture.as;
import static io.ironcore.jobs.Fixture.jobSpec;
import static io.ironcore.jobs.Fixture.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;

/** Without a valid bearer token the jobs API serves nothing and changes nothing. */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_jobs"))
class JobApiAuthTest {
    @Inject
    EntityManager em;

    @BeforeEach
    void setUp() {
        Fixture.ensure();
    }

    @Test
    void aRequestWithoutATokenIsAnswered401WithABearerChallenge() {
        given().get("/api/v1/jobs").then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"));
    }

    @Test
    void aWrongTokenCannotReadTheJobs() {
        given().auth().oauth2("wrong").get("/api/v1/jobs").then().statusCode(401);
    }

    @Test
    void aWrongTokenCannotCreateAJob() {
        String name = unique("sneaky");
        as("wrong").body(jobSpec(name)).post("/api/v1/jobs").then().statusCode(401);
        assertThat(Fixture.count(em, "SELECT count(*) FROM job WHERE name = ?1", name)).isZero();
    }
}
