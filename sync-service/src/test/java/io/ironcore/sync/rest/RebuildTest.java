package io.ironcore.sync.rest;

import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.run.DatastoreRef;
import io.ironcore.events.sync.SyncJobCreated;
import io.ironcore.events.sync.SyncJobDeleted;
import io.ironcore.events.sync.SyncRequested;
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
 * The sync jobs rebuilt from the log equal the live ones row for row after a busy run (creations, one published
 * again with another retention, a redelivery, a deletion, a Run Now of the deleted one); the Run Now is not replayed
 * (it queues work) and stays in the inbox; a corrupted row is found and repaired.
 */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_sync"))
class RebuildTest {
    private static final String TOKEN = "Bearer test-admin-token";
    private final TopicProbe kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
    private final Instant t = Instant.parse("2026-11-26T02:00:00Z");
    private final List<String> sent = new ArrayList<>();

    @Inject
    EntityManager em;

    @Test
    void theRebuiltSyncJobsEqualTheLiveOnes() {
        List<String> syncJobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String sync = UUID.randomUUID().toString();
            syncJobs.add(sync);
            send(sync, EventTypes.SYNC_JOB_CREATED, UUID.randomUUID().toString(), created(sync, i, "keep-weekly=4"));
        }
        send(syncJobs.get(0), EventTypes.SYNC_JOB_CREATED, UUID.randomUUID().toString(),
                created(syncJobs.get(0), 0, "keep-weekly=8"));
        String redelivered = UUID.randomUUID().toString();
        send(syncJobs.get(1), EventTypes.SYNC_JOB_CREATED, redelivered, created(syncJobs.get(1), 1, "keep-last=2"));
        send(syncJobs.get(1), EventTypes.SYNC_JOB_CREATED, redelivered, created(syncJobs.get(1), 1, "keep-last=2"));
        send(syncJobs.get(2), EventTypes.SYNC_JOB_DELETED, UUID.randomUUID().toString(),
                new SyncJobDeleted(syncJobs.get(2), "archive-2", "default", t.plusSeconds(60)));
        String runNow = UUID.randomUUID().toString();
        send(syncJobs.get(2), EventTypes.SYNC_REQUESTED, runNow, new SyncRequested(UUID.randomUUID().toString(),
                syncJobs.get(2), "archive-2", "default", "alice", t.plusSeconds(70)));
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(DISTINCT event_id) FROM inbox_event "
                + "WHERE consumer = 'sync-service.inputs' AND event_id IN (?1)", sent)
                == sent.stream().distinct().count());

        Map<String, String> live = table();
        assertThat(live.get(syncJobs.get(0))).contains("\"retention\":\"keep-weekly=8\"");
        assertThat(live.get(syncJobs.get(2))).contains("\"enabled\":false");
        JsonPath compared = rebuild(false);
        assertThat(compared.getInt("differencesFound")).as(compared.prettify()).isZero();
        assertThat(compared.getInt("rebuiltRows.sync_job")).isEqualTo(live.size());
        JsonPath replaced = rebuild(true);
        assertThat(replaced.getInt("differencesFound")).as(replaced.prettify()).isZero();
        assertThat(table()).isEqualTo(live);
        assertThat(count("SELECT count(*) FROM inbox_event WHERE consumer = 'sync-service.inputs' AND event_id = ?1",
                runNow)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM sync_run WHERE sync_job_id IN (?1)", syncJobs)).isZero();

        sql("UPDATE sync_job SET target_path = '/elsewhere' WHERE id = ?1", syncJobs.get(3));
        sql("DELETE FROM sync_job WHERE id = ?1", syncJobs.get(4));
        JsonPath found = rebuild(false);
        assertThat(found.getList("differences.key")).containsExactlyInAnyOrder(syncJobs.get(3), syncJobs.get(4));
        rebuild(true);
        assertThat(table()).isEqualTo(live);
    }

    private JsonPath rebuild(boolean replace) {
        return given().header("Authorization", TOKEN).queryParam("replace", replace)
                .post("/api/v1/admin/rebuild").then().statusCode(200).extract().jsonPath();
    }

    private SyncJobCreated created(String sync, int i, String retention) {
        return new SyncJobCreated(sync, "archive-" + i, "default", new DatastoreRef("ibs-primary", "/srv/primary"),
                "production", new DatastoreRef("ibs-backup", "/srv/backup"), "archive", "Sat 04:00", "UTC", retention,
                true, t, false);
    }

    private void send(String key, String type, String id, Object payload) {
        sent.add(id);
        kafka.sendEvent(Topics.JOB_EVENTS, key, type, id, payload);
    }

    @Transactional
    long count(String query, Object parameter) {
        return ((Number) em.createNativeQuery(query).setParameter(1, parameter).getSingleResult()).longValue();
    }

    @Transactional
    void sql(String statement, String key) {
        em.createNativeQuery(statement).setParameter(1, key).executeUpdate();
    }

    /** Every row, every column as JSON text, by id. */
    @Transactional
    Map<String, String> table() {
        Map<String, String> rows = new LinkedHashMap<>();
        for (Object o : em.createNativeQuery("SELECT id, row_to_json(j)::text FROM sync_job j ORDER BY id")
                .getResultList()) {
            Object[] r = (Object[]) o;
            rows.put((String) r[0], (String) r[1]);
        }
        return rows;
    }
}
