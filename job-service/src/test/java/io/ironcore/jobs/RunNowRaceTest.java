package io.ironcore.jobs;

import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.ironcore.jobs.Fixture.admin;
import static io.ironcore.jobs.Fixture.createJob;
import static io.ironcore.jobs.Fixture.jobSpec;
import static io.ironcore.jobs.Fixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Run Now with one Idempotency-Key from many clients at once: one run is made (202), every other request answers
 * that run (200), whether it found the run before requesting or lost the race on the run table's key index.
 */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_jobs"))
class RunNowRaceTest {
    private static final int CLIENTS = 8;

    @Inject
    EntityManager em;

    @Test
    void concurrentRunNowsWithOneKeyMakeOneRunAndAllAnswerIt() throws Exception {
        Fixture.ensure();
        String name = unique("run-race");
        String jobId = createJob(jobSpec(name));
        String key = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return admin().header("Idempotency-Key", key).post("/api/v1/jobs/" + name + "/run");
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (Future<Response> f : answers) {
                Response r = f.get();
                statuses.add(r.statusCode());
                ids.add(r.path("id"));
                assertThat(r.header("Location")).as(r.asString()).endsWith("/api/v1/jobs/" + name + "/runs/"
                        + r.path("id"));
            }
            assertThat(statuses).as("one run made, the others answer it").containsOnly(200, 202)
                    .filteredOn(s -> s == 202).hasSize(1);
            assertThat(ids.stream().distinct()).hasSize(1);
            assertThat(Fixture.count(em, "SELECT count(*) FROM run WHERE job_id = CAST(?1 AS uuid) "
                    + "AND idempotency_key = ?2", jobId, key)).isEqualTo(1);
            assertThat(Fixture.count(em, "SELECT count(*) FROM outbox_event WHERE subject = ?1",
                    "runs/" + ids.get(0))).as("one RunRequested").isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
