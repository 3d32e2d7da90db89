package io.ironcore.scheduler.rest;

import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.job.JobCreated;
import io.ironcore.events.job.JobDeleted;
import io.ironcore.events.job.JobDisabled;
import io.ironcore.events.job.JobEnabled;
import io.ironcore.events.job.JobSpec;
import io.ironcore.events.job.JobUpdated;
import io.ironcore.events.run.DatastoreRef;
import io.ironcore.events.run.RunMode;
import io.ironcore.events.sync.SyncJobCreated;
import io.ironcore.events.sync.SyncJobDeleted;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import io.ironcore.scheduler.ManualLoop;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
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
 * The schedules rebuilt from the log equal the live ones row for row after a busy run of job and sync job events
 * (creations, schedule changes, pauses, resumes, deletions, a redelivery); the firing state (next due, last slot
 * fired) stays the live one; a corrupted row is found and repaired.
 */
@QuarkusTest
@TestProfile(ManualLoop.class)
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_scheduler"))
class RebuildTest {
    private static final String TOKEN = "Bearer test-admin-token";
    private final TopicProbe kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
    private final Instant t = Instant.parse("2026-11-26T02:00:00Z");
    private final List<String> sent = new ArrayList<>();

    @Inject
    EntityManager em;

    @Test
    void theRebuiltSchedulesEqualTheLiveOnesAndKeepTheirFiringState() {
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String job = UUID.randomUUID().toString();
            jobs.add(job);
            send(job, EventTypes.JOB_CREATED, UUID.randomUUID().toString(), new JobCreated(job, "rebuild-" + i,
                    "default", spec("*-*-* 0" + i + ":00:00", true), t, 1L));
        }
        for (int i = 0; i < 4; i++) {
            send(jobs.get(i), EventTypes.JOB_UPDATED, UUID.randomUUID().toString(), new JobUpdated(jobs.get(i),
                    "rebuild-" + i, "default", 2, spec("Sun 0" + i + ":30", true), t.plusSeconds(60)));
        }
        send(jobs.get(1), EventTypes.JOB_DISABLED, UUID.randomUUID().toString(), new JobDisabled(jobs.get(1),
                "rebuild-1", "default", 3, t.plusSeconds(70)));
        send(jobs.get(2), EventTypes.JOB_DISABLED, UUID.randomUUID().toString(), new JobDisabled(jobs.get(2),
                "rebuild-2", "default", 3, t.plusSeconds(70)));
        send(jobs.get(2), EventTypes.JOB_ENABLED, UUID.randomUUID().toString(), new JobEnabled(jobs.get(2),
                "rebuild-2", "default", 4, t.plusSeconds(80)));
        send(jobs.get(4), EventTypes.JOB_DELETED, UUID.randomUUID().toString(), new JobDeleted(jobs.get(4),
                "rebuild-4", "default", t.plusSeconds(90), JobDeleted.Orphans.KEEP));
        String redelivered = UUID.randomUUID().toString();
        JobUpdated late = new JobUpdated(jobs.get(5), "rebuild-5", "default", 2, spec("hourly", true),
                t.plusSeconds(95));
        send(jobs.get(5), EventTypes.JOB_UPDATED, redelivered, late);
        send(jobs.get(5), EventTypes.JOB_UPDATED, redelivered, late);
        List<String> syncJobs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String sync = UUID.randomUUID().toString();
            syncJobs.add(sync);
            send(sync, EventTypes.SYNC_JOB_CREATED, UUID.randomUUID().toString(), new SyncJobCreated(sync,
                    "archive-" + i, "default", new DatastoreRef("ibs-primary", "/srv/primary"), "production",
                    new DatastoreRef("ibs-backup", "/srv/backup"), "archive", "Sat 04:00", "UTC", "keep-weekly=4",
                    true, t, false));
        }
        send(syncJobs.get(0), EventTypes.SYNC_JOB_DELETED, UUID.randomUUID().toString(),
                new SyncJobDeleted(syncJobs.get(0), "archive-0", "default", t.plusSeconds(100)));
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(DISTINCT event_id) FROM inbox_event "
                + "WHERE consumer = 'scheduler-service.schedules' AND event_id IN (?1)", sent)
                == sent.stream().distinct().count());
        // the firer's record of job 0: fired its slot, due next week; no event writes these, the rebuild keeps them
        sql("UPDATE job_schedule SET last_slot = '2026-11-29T00:30:00Z', next_due = '2026-12-06T00:30:00Z' "
                + "WHERE job_id = ?1", jobs.get(0));

        Map<String, String> live = table();
        assertThat(live).containsKeys(jobs.get(0), syncJobs.get(1)).doesNotContainKeys(jobs.get(4), syncJobs.get(0));
        List<String> mine = new ArrayList<>(jobs);
        mine.addAll(syncJobs);
        JsonPath compared = rebuild(false);
        // every row this test made is what its events say; a row another test wrote straight into the table (not
        // through the log: TickPurgeTest deletes and rewinds schedules by hand) is a difference, and the only kind
        List<String> differing = compared.getList("differences.key");
        assertThat(differing).as(compared.prettify()).doesNotContainAnyElementsOf(mine);
        assertThat(compared.getInt("differencesFound")).isEqualTo(differing.size());
        JsonPath replaced = rebuild(true);
        assertThat(replaced.getList("differences.key", String.class)).isEqualTo(differing);
        Map<String, String> after = table();
        for (String job : mine) {
            assertThat(after.get(job)).as(job).isEqualTo(live.get(job));
        }
        live.keySet().stream().filter(k -> !differing.contains(k))
                .forEach(k -> assertThat(after.get(k)).as(k).isEqualTo(live.get(k)));
        assertThat(rebuild(false).getInt("differencesFound")).isZero(); // the whole table is the log's now

        sql("UPDATE job_schedule SET schedule = 'yearly' WHERE job_id = ?1", jobs.get(3));
        sql("DELETE FROM job_schedule WHERE job_id = ?1", syncJobs.get(2));
        JsonPath found = rebuild(false);
        assertThat(found.getList("differences.key")).containsExactlyInAnyOrder(jobs.get(3), syncJobs.get(2));
        rebuild(true);
        Map<String, String> repaired = table();
        assertThat(repaired).isEqualTo(after);
    }

    private JsonPath rebuild(boolean replace) {
        return given().header("Authorization", TOKEN).queryParam("replace", replace)
                .post("/api/v1/admin/rebuild").then().statusCode(200).extract().jsonPath();
    }

    private static JobSpec spec(String schedule, boolean enabled) {
        return new JobSpec("vm", List.of("12345"), "ibs-primary", "production", RunMode.INCREMENTAL, schedule, "UTC",
                "keep-last=3", "always", null, enabled);
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

    /** Every row, every column as JSON text, by job id. */
    @Transactional
    Map<String, String> table() {
        Map<String, String> rows = new LinkedHashMap<>();
        for (Object o : em.createNativeQuery("SELECT job_id, row_to_json(s)::text FROM job_schedule s ORDER BY job_id")
                .getResultList()) {
            Object[] r = (Object[]) o;
            rows.put((String) r[0], (String) r[1]);
        }
        return rows;
    }
}
