package io.ironcore.prune.rest;

import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.DatastoreOptions;
import io.ironcore.datastore.FsyncPolicy;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.job.JobCreated;
import io.ironcore.events.job.JobDeleted;
import io.ironcore.events.job.JobDisabled;
import io.ironcore.events.job.JobEnabled;
import io.ironcore.events.job.JobSpec;
import io.ironcore.events.job.JobUpdated;
import io.ironcore.events.prune.SnapshotProtectionChanged;
import io.ironcore.events.run.DatastoreRef;
import io.ironcore.events.run.RunMode;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each job's retention and the protected snapshots rebuilt from the log equal the live ones row for row after a busy
 * run of job events (creations, updates, pauses, resumes, deletions with either orphan policy, an update after a
 * deletion, protection on, off and on again); the sweep's own columns stay; a corrupted row is found and repaired.
 */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_prune"))
class RebuildTest {
    private static final String TOKEN = "Bearer test-admin-token";
    private final TopicProbe kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
    private final Instant t = Instant.parse("2026-11-26T02:00:00Z");
    private final List<String> sent = new ArrayList<>();

    @Inject
    EntityManager em;

    @Test
    void theRebuiltRetentionsAndProtectionsEqualTheLiveOnes() throws Exception {
        Path ds = Files.createDirectories(IroncoreTestInfrastructure.dataDir().resolve("rebuild-" + UUID.randomUUID()))
                .resolve("ds");
        Datastore.create(ds, DatastoreOptions.builder().fsyncPolicy(FsyncPolicy.NONE).build()).close();
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String job = UUID.randomUUID().toString();
            jobs.add(job);
            send(job, EventTypes.JOB_CREATED, new JobCreated(job, "rebuild-" + i, "default",
                    spec("keep-daily=" + (i + 1), true), t, 1L));
        }
        for (int i = 0; i < 4; i++) {
            send(jobs.get(i), EventTypes.JOB_UPDATED, new JobUpdated(jobs.get(i), "rebuild-" + i, "default", 2,
                    spec("keep-last=3,keep-weekly=" + i, true), t.plusSeconds(60)));
        }
        send(jobs.get(2), EventTypes.JOB_DISABLED, new JobDisabled(jobs.get(2), "rebuild-2", "default", 3,
                t.plusSeconds(70)));
        send(jobs.get(3), EventTypes.JOB_DISABLED, new JobDisabled(jobs.get(3), "rebuild-3", "default", 3,
                t.plusSeconds(70)));
        send(jobs.get(3), EventTypes.JOB_ENABLED, new JobEnabled(jobs.get(3), "rebuild-3", "default", 4,
                t.plusSeconds(80)));
        send(jobs.get(4), EventTypes.JOB_DELETED, new JobDeleted(jobs.get(4), "rebuild-4", "default",
                t.plusSeconds(90), JobDeleted.Orphans.PRUNE));
        send(jobs.get(5), EventTypes.JOB_DELETED, new JobDeleted(jobs.get(5), "rebuild-5", "default",
                t.plusSeconds(90), JobDeleted.Orphans.KEEP));
        send(jobs.get(4), EventTypes.JOB_UPDATED, new JobUpdated(jobs.get(4), "rebuild-4", "default", 5,
                spec("keep-last=1", true), t.plusSeconds(95))); // after the deletion: ignored
        String kept = snapshot(jobs.get(0), "2026-11-20T02:00:00Z");
        String dropped = snapshot(jobs.get(1), "2026-11-21T02:00:00Z");
        protect(jobs.get(0), kept, ds, true);
        protect(jobs.get(0), kept, ds, false);
        protect(jobs.get(0), kept, ds, true);
        protect(jobs.get(1), dropped, ds, true);
        protect(jobs.get(1), dropped, ds, false);
        // every event handled by the live consumer (each is in its inbox)
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM inbox_event WHERE consumer = "
                + "'prune-service.jobs' AND event_id IN (?1)", sent) == sent.size());
        // the sweep's own record of a deleted job: no event writes it, the rebuild keeps it
        sql("UPDATE job_retention SET swept_at = now(), sweep_error = 'datastore offline' WHERE job_id = ?1",
                jobs.get(4));

        Map<String, Map<String, Object>> live = tables();
        assertThat(live).containsKey("protected_snapshot:" + kept).doesNotContainKey("protected_snapshot:" + dropped);

        JsonPath compared = rebuild(false);
        assertThat(compared.getInt("differencesFound")).as(compared.prettify()).isZero();
        assertThat(compared.getInt("rebuiltRows.job_retention")).isEqualTo(compared.getInt("liveRows.job_retention"));
        assertThat(compared.getInt("rebuiltRows.protected_snapshot"))
                .isEqualTo(compared.getInt("liveRows.protected_snapshot"));
        JsonPath replaced = rebuild(true);
        assertThat(replaced.getInt("differencesFound")).as(replaced.prettify()).isZero();
        assertThat(tables()).isEqualTo(live);

        sql("UPDATE job_retention SET retention = 'keep-last=100' WHERE job_id = ?1", jobs.get(6));
        sql("DELETE FROM protected_snapshot WHERE snapshot_id = ?1", kept);
        JsonPath found = rebuild(false);
        assertThat(found.getList("differences.key")).containsExactlyInAnyOrder(jobs.get(6), kept);
        rebuild(true);
        assertThat(tables()).isEqualTo(live);
    }

    private JsonPath rebuild(boolean replace) {
        return given().header("Authorization", TOKEN).queryParam("replace", replace)
                .post("/api/v1/admin/rebuild").then().statusCode(200).extract().jsonPath();
    }

    private static JobSpec spec(String retention, boolean enabled) {
        return new JobSpec("vm", List.of("12345"), "ibs-primary", "production", RunMode.INCREMENTAL, null, "UTC",
                retention, "always", null, enabled);
    }

    private static String snapshot(String job, String time) {
        return "ns/production/vm/" + job.substring(0, 8) + "/" + time;
    }

    private void protect(String job, String snapshot, Path ds, boolean on) {
        send(job, EventTypes.SNAPSHOT_PROTECTION_CHANGED, new SnapshotProtectionChanged(snapshot, job,
                new DatastoreRef("ibs-primary", ds.toString()), on, "alice", t.plusSeconds(120)));
    }

    private void send(String job, String type, Object payload) {
        String id = UUID.randomUUID().toString();
        sent.add(id);
        kafka.sendEvent(Topics.JOB_EVENTS, job, type, id, payload);
    }

    @Transactional
    long count(String query, Object parameter) {
        return ((Number) em.createNativeQuery(query).setParameter(1, parameter).getSingleResult()).longValue();
    }

    @Transactional
    void sql(String statement, String key) {
        em.createNativeQuery(statement).setParameter(1, key).executeUpdate();
    }

    /** Every row of both tables, every column as text, by table and key. */
    @Transactional
    Map<String, Map<String, Object>> tables() {
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        for (String table : List.of("job_retention:job_id", "protected_snapshot:snapshot_id")) {
            String[] tk = table.split(":");
            for (Object o : em.createNativeQuery("SELECT " + tk[1] + ", row_to_json(t)::text FROM " + tk[0]
                    + " t ORDER BY " + tk[1]).getResultList()) {
                Object[] r = (Object[]) o;
                rows.put(tk[0] + ":" + r[0], Map.of("row", r[1]));
            }
        }
        return rows;
    }
}
