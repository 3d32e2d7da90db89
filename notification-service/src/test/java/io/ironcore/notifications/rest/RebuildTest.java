package io.ironcore.notifications.rest;

import io.ironcore.events.CloudEventHeaders;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.job.JobCreated;
import io.ironcore.events.job.JobDeleted;
import io.ironcore.events.job.JobDisabled;
import io.ironcore.events.job.JobEnabled;
import io.ironcore.events.job.JobSpec;
import io.ironcore.events.job.JobUpdated;
import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.RunFailed;
import io.ironcore.events.run.RunMode;
import io.ironcore.events.run.RunStats;
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

import java.nio.charset.StandardCharsets;
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
 * The notification settings rebuilt from the log equal the live ones row for row after a busy run of job events
 * (creations, updates, an update out of order, pauses, resumes, deletions, a redelivery, a poison record, runs),
 * both compared and replaced; after a replace the inbox still holds every replayed event, and the metrics read the
 * same.
 */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_notification"))
class RebuildTest {
    private static final String TOKEN = "Bearer test-admin-token";
    private final Instant t = Instant.parse("2026-11-26T02:00:00Z");
    private final TopicProbe kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());

    @Inject
    EntityManager em;

    @Test
    void theRebuiltSettingsEqualTheLiveOnesAndReplaceThemWithoutChangingAnything() {
        List<String> jobs = new ArrayList<>();
        Map<String, Long> expected = new LinkedHashMap<>(); // job -> version, null: no row
        Map<String, String> createdEventIds = new LinkedHashMap<>();
        String[] modes = {"always", "errors", "never"};
        for (int i = 0; i < 12; i++) {
            String job = UUID.randomUUID().toString();
            jobs.add(job);
            String id = UUID.randomUUID().toString();
            createdEventIds.put(job, id);
            kafka.sendEvent(Topics.JOB_EVENTS, job, EventTypes.JOB_CREATED, id, new JobCreated(job, "rebuild-" + i,
                    "default", spec(modes[i % 3], null, List.of("https://hooks.example/" + i)), t));
            expected.put(job, 1L);
        }
        for (int i = 0; i < 6; i++) { // updates: another mode, a group, other recipients
            update(jobs.get(i), 2, spec(modes[(i + 1) % 3], "ops-" + i, List.of("ops-" + i + "@example.com")));
            expected.put(jobs.get(i), 2L);
        }
        for (int i = 0; i < 3; i++) {
            update(jobs.get(i), 3, spec("errors", null, List.of()));
            expected.put(jobs.get(i), 3L);
        }
        for (int i = 3; i < 5; i++) { // paused and resumed: the settings do not change
            kafka.sendEvent(Topics.JOB_EVENTS, jobs.get(i), EventTypes.JOB_DISABLED, UUID.randomUUID().toString(),
                    new JobDisabled(jobs.get(i), "rebuild-" + i, "default", 3, t.plusSeconds(30)));
            kafka.sendEvent(Topics.JOB_EVENTS, jobs.get(i), EventTypes.JOB_ENABLED, UUID.randomUUID().toString(),
                    new JobEnabled(jobs.get(i), "rebuild-" + i, "default", 4, t.plusSeconds(40)));
        }
        update(jobs.get(5), 1, spec("never", "stale", List.of())); // older than the row: ignored
        for (int i = 6; i < 8; i++) {
            delete(jobs.get(i));
            expected.put(jobs.get(i), null);
        }
        String redelivered = jobs.get(8);
        kafka.sendEvent(Topics.JOB_EVENTS, redelivered, EventTypes.JOB_CREATED, createdEventIds.get(redelivered),
                new JobCreated(redelivered, "rebuild-8", "default", spec("never", null, List.of()), t));
        delete(jobs.get(9));
        update(jobs.get(9), 2, spec("always", null, List.of())); // a late update after the deletion: a row again
        expected.put(jobs.get(9), 2L);
        kafka.send(Topics.JOB_EVENTS, jobs.get(10), Map.of(CloudEventHeaders.ID, "poison-" + UUID.randomUUID(),
                TopicProbe.POISON, "yes"), "not an event".getBytes(StandardCharsets.UTF_8));
        List<String> runEvents = new ArrayList<>();
        for (int i = 0; i < 4; i++) { // runs: notifications and their totals, which the rebuild does not touch
            String run = UUID.randomUUID().toString();
            String id = UUID.randomUUID().toString();
            runEvents.add(id);
            if (i % 2 == 0) {
                kafka.sendEvent(Topics.RUN_EVENTS, jobs.get(i), EventTypes.RUN_COMPLETED, id,
                        new RunCompleted(run, jobs.get(i), "rebuild-" + i, "w1", "incremental", "ibs-primary", "",
                                t, t.plusSeconds(3), new RunStats(10, 5, 4, 2, 1, 1, 0), List.of()));
            } else {
                kafka.sendEvent(Topics.RUN_EVENTS, jobs.get(i), EventTypes.RUN_FAILED, id,
                        new RunFailed(run, jobs.get(i), "rebuild-" + i, "w1", 1, t.plusSeconds(3), "datastore full"));
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> versions(jobs).equals(expected));
        // the runs handled and their deliveries decided, so the totals stand still
        await().atMost(Duration.ofSeconds(60)).until(() -> runEvents.stream()
                .allMatch(id -> inboxHas("notification-service.runs", id)) && pendingDeliveries(jobs) == 0);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(new Quiet()::settled);

        Map<String, Map<String, Object>> live = table();
        String metrics = metrics();

        JsonPath compared = rebuild(false);
        assertThat(compared.getBoolean("replaced")).isFalse();
        assertThat(compared.getInt("differencesFound")).as(compared.prettify()).isZero();
        assertThat(compared.getInt("rebuiltRows.job_settings")).isEqualTo(live.size());
        assertThat(compared.getInt("liveRows.job_settings")).isEqualTo(live.size());
        assertThat(compared.getLong("events")).isGreaterThanOrEqualTo(30);
        assertThat(compared.getLong("malformed")).isGreaterThanOrEqualTo(1);
        assertThat(table()).isEqualTo(live);

        JsonPath replaced = rebuild(true);
        assertThat(replaced.getBoolean("replaced")).isTrue();
        assertThat(replaced.getInt("differencesFound")).as(replaced.prettify()).isZero();
        assertThat(table()).isEqualTo(live);
        assertThat(metrics()).isEqualTo(metrics);
        assertThat(inboxHas("notification-service.job-settings", createdEventIds.get(jobs.get(6)))).isTrue();

        // a live row that the log does not explain, and one that is missing: found, then replaced by the log's
        sql("UPDATE job_settings SET notification_group = 'corrupted' WHERE job_id = ?1", jobs.get(0));
        sql("DELETE FROM job_settings WHERE job_id = ?1", jobs.get(1));
        JsonPath found = rebuild(false);
        assertThat(found.getInt("differencesFound")).isEqualTo(2);
        assertThat(found.getList("differences.key")).containsExactlyInAnyOrder(jobs.get(0), jobs.get(1));
        assertThat(found.getString("differences.find { it.key == '" + jobs.get(0) + "' }.live.notification_group"))
                .isEqualTo("corrupted");
        assertThat(found.getString("differences.find { it.key == '" + jobs.get(1) + "' }.live")).isNull();
        assertThat(rebuild(true).getInt("differencesFound")).isEqualTo(2);
        assertThat(table()).isEqualTo(live);
        assertThat(rebuild(false).getInt("differencesFound")).isZero();

        // a redelivery of an event the rebuild replayed is still a duplicate: the deleted job does not come back
        String deleted = jobs.get(6);
        kafka.sendEvent(Topics.JOB_EVENTS, deleted, EventTypes.JOB_CREATED, createdEventIds.get(deleted),
                new JobCreated(deleted, "rebuild-6", "default", spec("always", null, List.of()), t));
        update(deleted, 1, spec("never", "after-the-rebuild", List.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> group(deleted) != null);
        assertThat(group(deleted)).isEqualTo("after-the-rebuild");
    }

    @Test
    void theRebuildNeedsTheAdminToken() {
        given().post("/api/v1/admin/rebuild").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer not-the-token").post("/api/v1/admin/rebuild").then().statusCode(401);
    }

    private JsonPath rebuild(boolean replace) {
        return given().header("Authorization", TOKEN).queryParam("replace", replace)
                .post("/api/v1/admin/rebuild").then().statusCode(200).extract().jsonPath();
    }

    private static JobSpec spec(String mode, String group, List<String> targets) {
        return new JobSpec("vm", List.of("1"), "ibs-primary", "", RunMode.INCREMENTAL, null, "UTC", null, mode, group,
                true, null, null, null, null, null, null, targets);
    }

    private void update(String job, long version, JobSpec spec) {
        kafka.sendEvent(Topics.JOB_EVENTS, job, EventTypes.JOB_UPDATED, UUID.randomUUID().toString(),
                new JobUpdated(job, "rebuild-" + job.substring(0, 8), "default", version, spec,
                        t.plusSeconds(version * 10)));
    }

    private void delete(String job) {
        kafka.sendEvent(Topics.JOB_EVENTS, job, EventTypes.JOB_DELETED, UUID.randomUUID().toString(),
                new JobDeleted(job, "rebuild", "default", t.plusSeconds(100), JobDeleted.Orphans.KEEP));
    }

    @Transactional
    Map<String, Long> versions(List<String> jobs) {
        Map<String, Long> v = new LinkedHashMap<>();
        for (String job : jobs.subList(0, 10)) {
            List<?> r = em.createNativeQuery("SELECT version FROM job_settings WHERE job_id = ?1")
                    .setParameter(1, job).getResultList();
            v.put(job, r.isEmpty() ? null : ((Number) r.get(0)).longValue());
        }
        for (String job : jobs.subList(10, 12)) {
            v.put(job, 1L);
        }
        return v;
    }

    /** Every row of job_settings, every column, by job id. */
    @Transactional
    Map<String, Map<String, Object>> table() {
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        for (Object o : em.createNativeQuery("SELECT job_id, job_name, project, job_action, job_mode, "
                + "notification_mode, notification_group, notification_targets::text, version, updated_at "
                + "FROM job_settings ORDER BY job_id").getResultList()) {
            Object[] r = (Object[]) o;
            Map<String, Object> row = new LinkedHashMap<>();
            String[] names = {"job_id", "job_name", "project", "job_action", "job_mode", "notification_mode",
                    "notification_group", "notification_targets", "version", "updated_at"};
            for (int i = 0; i < names.length; i++) {
                row.put(names[i], r[i] == null ? null : r[i].toString());
            }
            rows.put((String) r[0], row);
        }
        return rows;
    }

    @Transactional
    boolean inboxHas(String consumer, String eventId) {
        return !em.createNativeQuery("SELECT 1 FROM inbox_event WHERE consumer = ?1 AND event_id = ?2")
                .setParameter(1, consumer).setParameter(2, eventId).getResultList().isEmpty();
    }

    @Transactional
    void sql(String statement, String job) {
        em.createNativeQuery(statement).setParameter(1, job).executeUpdate();
    }

    @Transactional
    long pendingDeliveries(List<String> jobs) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM delivery WHERE job_id IN (?1) "
                + "AND finished_at IS NULL").setParameter(1, jobs).getSingleResult()).longValue();
    }

    @Transactional
    String group(String job) {
        List<?> r = em.createNativeQuery("SELECT notification_group FROM job_settings WHERE job_id = ?1")
                .setParameter(1, job).getResultList();
        return r.isEmpty() ? null : (String) r.get(0);
    }

    /** The notification totals as Prometheus reads them (the gauges and counters of this service). */
    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith("ironcore_notifications")).sorted().reduce("", (a, b) -> a + b + "\n");
    }

    /** Two scrapes a second apart that agree: no delivery of an earlier test is still being decided. */
    private static final class Quiet {
        private String last = metrics();

        boolean settled() {
            String now = metrics();
            boolean same = now.equals(last);
            last = now;
            return same;
        }
    }
}
