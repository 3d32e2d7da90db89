package io.ironcore.worker.service;

import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.run.DatastoreRef;
import io.ironcore.events.run.DiskImage;
import io.ironcore.events.run.RunMode;
import io.ironcore.events.run.RunRequested;
import io.ironcore.events.run.RunSource;
import io.ironcore.events.run.RunStarted;
import io.ironcore.local.DemoData;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import io.ironcore.worker.config.WorkerIdentity;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker whose loop breaks (here: its run pool dies under a running backup) says so on /q/health/ready, claims
 * nothing more, renews no lease, and its run is taken by another worker. Its own Quarkus app (reads slowed to 2 MiB/s
 * so the backup is still running when the pool dies), against the module's real broker and database.
 */
@QuarkusTest
@TestProfile(BrokenLoopTest.SlowReads.class)
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_worker"))
class BrokenLoopTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    public static class SlowReads implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ironcore.worker.read-rate-limit", "2M");
        }
    }

    @Inject
    WorkerLoop loop;
    @Inject
    RunQueue queue;
    @Inject
    WorkerIdentity identity;
    @Inject
    EntityManager em;

    @Test
    void aBrokenLoopIsNotReadyRenewsNoLeaseClaimsNothingAndItsRunIsTakenOver() throws Exception {
        assertThat(loopCheck(200).getString("status")).isEqualTo("UP");
        TopicProbe kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
        Path dir = Files.createDirectories(IroncoreTestInfrastructure.dataDir().resolve("broken-" + UUID.randomUUID()));
        Path image = dir.resolve("777.raw");
        DemoData.writeImage(image, 48L << 20, 13);        // 24 s at 2 MiB/s
        RunRequested first = request(dir, image);
        kafka.sendEvent(Topics.RUN_REQUESTS, first.jobId(), EventTypes.RUN_REQUESTED, UUID.randomUUID().toString(),
                first);
        kafka.await(Topics.RUN_EVENTS, r -> EventTypes.RUN_STARTED.equals(r.ceType())
                && first.runId().equals(EventJson.read(r.value(), RunStarted.class).runId()), WAIT);
        Instant before = lease(first.runId()).orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> lease(first.runId()).orElseThrow().isAfter(before));

        loop.pool().shutdown();                           // the loop breaks: its pool takes no more work

        JsonPath down = await().atMost(Duration.ofSeconds(10)).until(() -> loopCheck(503),
                c -> "DOWN".equals(c.getString("status")));
        assertThat(down.getString("data.reason")).isEqualTo("the run pool is shut down");
        Thread.sleep(1500);                               // a renewal already under way when it broke
        Optional<Instant> atBreak = lease(first.runId());
        RunRequested second = request(dir, image);
        kafka.sendEvent(Topics.RUN_REQUESTS, second.jobId(), EventTypes.RUN_REQUESTED, UUID.randomUUID().toString(),
                second);
        await().atMost(WAIT).until(() -> owner(second.runId()) != null);   // recorded in the queue
        long until = System.currentTimeMillis() + 7000;  // longer than the lease (6 s)
        while (System.currentTimeMillis() < until) {
            Optional<Instant> now = lease(first.runId());
            assertThat(now.isEmpty() || (atBreak.isPresent() && !now.get().isAfter(atBreak.get())))
                    .as("lease renewed after the loop broke: %s, then %s", atBreak, now).isTrue();
            Thread.sleep(250);
        }
        assertThat(owner(second.runId())).as("claimed by a broken worker").isNotEqualTo(identity.id());

        Map<String, Claim> rescued = new HashMap<>();
        List<Claim> others = new ArrayList<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            queue.claimNext("rescuer").ifPresent(c -> {
                if (c.id().equals(first.runId()) || c.id().equals(second.runId())) {
                    rescued.put(c.id(), c);
                } else {
                    others.add(c);            // a leftover of another test class: no worker of theirs is running
                }
            });
            return rescued.size() == 2;
        });
        assertThat(rescued.get(first.runId()).attempt()).isEqualTo(2);
        assertThat(rescued.get(second.runId()).attempt()).isEqualTo(1);
        assertThat(kafka.readAll(Topics.RUN_EVENTS).stream().filter(r -> r.valueString().contains(first.runId()))
                .filter(r -> EventTypes.RUN_COMPLETED.equals(r.ceType()) || EventTypes.RUN_FAILED.equals(r.ceType())))
                .as("the broken worker reported nothing").isEmpty();
        rescued.values().forEach(c -> queue.fail(c, "test over", false));
        others.forEach(c -> queue.fail(c, "left over by another test", false));
    }

    private static JsonPath loopCheck(int status) {
        JsonPath health = given().get("/q/health/ready").then().statusCode(status).extract().jsonPath();
        return health.setRootPath("checks.find { it.name == 'backup-worker loop' }");
    }

    @Transactional
    Optional<Instant> lease(String runId) {
        List<?> v = em.createNativeQuery("SELECT lease_until FROM run_claim WHERE run_id = ?1 AND state = 'RUNNING'")
                .setParameter(1, runId).getResultList();
        return v.isEmpty() ? Optional.empty() : Optional.of(instant(v.get(0)));
    }

    @Transactional
    String owner(String runId) {
        List<?> v = em.createNativeQuery("SELECT coalesce(worker_id, '-') FROM run_claim WHERE run_id = ?1")
                .setParameter(1, runId).getResultList();
        return v.isEmpty() ? null : (String) v.get(0);
    }

    private static Instant instant(Object v) {
        if (v instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (v instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return (Instant) v;
    }

    private static RunRequested request(Path dir, Path image) {
        return new RunRequested(UUID.randomUUID().toString(), UUID.randomUUID().toString(), "job", "default",
                RunRequested.Trigger.MANUAL, null, Instant.now(), RunMode.FULL, new DatastoreRef("ibs-primary",
                dir.resolve("ds").toString()),
                "production", List.of(new RunSource("777", "vm", List.of(new DiskImage("drive-scsi0",
                image.toString())))));
    }
}
