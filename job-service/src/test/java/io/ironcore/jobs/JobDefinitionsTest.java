package io.ironcore.jobs;

import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.job.JobDefinition;
import io.ironcore.events.sync.SyncJobDefinition;
import io.ironcore.jobs.service.JobDefinitions;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.ironcore.jobs.Fixture.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code ironcore.job-definitions}, read from offset 0 as a consumer in another system would: the last record of
 * each key is the job (or sync job) as REST shows it, a deleted one ends in a tombstone, the broker compacts the
 * topic, and a job of before this version is published by the start's backfill.
 */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_jobs"))
class JobDefinitionsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final List<String> created = new ArrayList<>();
    private TopicProbe kafka;

    @Inject
    JobDefinitions definitions;
    @Inject
    EntityManager em;

    @BeforeEach
    void setUp() {
        kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
        Fixture.ensure();
    }

    @Test
    void theLastRecordOfEachKeyIsTheCurrentDefinitionAndADeletedOneEndsInATombstone() {
        String kept = Fixture.unique("defs-kept");
        String gone = Fixture.unique("defs-gone");
        String keptId = createJob(kept);
        admin().contentType("application/merge-patch+json").header("If-Match", "\"1\"")
                .body("{\"schedule\":\"Sun 03:00\",\"retention\":\"keep-weekly=3\",\"mode\":\"full\"}")
                .patch("/api/v1/jobs/" + kept).then().statusCode(200).header("ETag", "\"2\"");
        admin().post("/api/v1/jobs/" + kept + "/disable").then().statusCode(200).header("ETag", "\"3\"");
        String goneId = createJob(gone);
        admin().delete("/api/v1/jobs/" + gone).then().statusCode(204);
        String syncKept = Fixture.unique("defs-sync-kept");
        String syncGone = Fixture.unique("defs-sync-gone");
        String syncKeptId = createSyncJob(syncKept);
        String syncGoneId = createSyncJob(syncGone);
        admin().delete("/api/v1/sync-jobs/" + syncGone).then().statusCode(204);

        Awaitility.await().atMost(WAIT).until(() -> {
            Map<String, TopicProbe.Rec> now = last();
            return now.containsKey(keptId) && now.containsKey(syncKeptId) && tombstone(now.get(goneId))
                    && tombstone(now.get(syncGoneId)) && EventJson.readStrict(now.get(keptId).value(),
                    JobDefinition.class).version() == 3;
        });
        Map<String, TopicProbe.Rec> last = last();

        JobDefinition job = EventJson.readStrict(last.get(keptId).value(), JobDefinition.class);
        assertThat(last.get(keptId).ceType()).isEqualTo(EventTypes.JOB_DEFINITION);
        assertEqualsRest(job, admin().get("/api/v1/jobs/" + kept).then().statusCode(200).extract().jsonPath());
        assertThat(job.version()).isEqualTo(3);
        assertThat(job.enabled()).isFalse();
        assertThat(kafka.readAll(Topics.JOB_DEFINITIONS).stream().filter(r -> keptId.equals(r.key()))
                .map(r -> EventJson.readStrict(r.value(), JobDefinition.class).version()))
                .as("created, updated, paused: one definition each, in order").containsExactly(1L, 2L, 3L);

        assertThat(last.get(goneId).value()).as("a tombstone").isNull();
        assertThat(last.get(goneId).ceType()).isEqualTo(EventTypes.JOB_DEFINITION);
        assertThat(last.get(goneId).header("content-type")).isNull();
        assertThat(kafka.readAll(Topics.JOB_DEFINITIONS).stream().filter(r -> goneId.equals(r.key())))
                .as("its definition, then the tombstone").hasSize(2);
        admin().get("/api/v1/jobs/" + gone).then().statusCode(404);

        SyncJobDefinition sync = EventJson.readStrict(last.get(syncKeptId).value(), SyncJobDefinition.class);
        assertEqualsRest(sync, admin().get("/api/v1/sync-jobs/" + syncKept).then().statusCode(200).extract()
                .jsonPath());
        assertThat(sync.source().path()).isEqualTo("/srv/datastores/ibs-primary");
        assertThat(sync.target().path()).isEqualTo("/srv/datastores/ibs-backup");
        assertThat(last.get(syncGoneId).value()).as("a tombstone").isNull();
        assertThat(last.get(syncGoneId).ceType()).isEqualTo(EventTypes.SYNC_JOB_DEFINITION);
        admin().get("/api/v1/sync-jobs/" + syncGone).then().statusCode(404);

        // job-events is as it was: its own events, no definitions and no tombstones
        kafka.await(Topics.JOB_EVENTS, r -> keptId.equals(r.key()) && EventTypes.JOB_DISABLED.equals(r.ceType()),
                WAIT);
        assertThat(kafka.readAll(Topics.JOB_EVENTS).stream().filter(r -> keptId.equals(r.key()))
                .map(TopicProbe.Rec::ceType)).containsExactly(EventTypes.JOB_CREATED, EventTypes.JOB_UPDATED,
                EventTypes.JOB_DISABLED);
    }

    private static boolean tombstone(TopicProbe.Rec r) {
        return r != null && r.value() == null;
    }

    @Test
    void theBrokerCompactsTheTopicAndKeepsItForever() throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.JOB_DEFINITIONS);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                IroncoreTestInfrastructure.shared().bootstrapServers()))) {
            Config c = admin.describeConfigs(List.of(topic)).all().get(60, TimeUnit.SECONDS).get(topic);
            assertThat(c.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(c.get("retention.ms").value()).isEqualTo("-1");
            assertThat(c.get("retention.bytes").value()).isEqualTo("-1");
            assertThat(c.get("delete.retention.ms").value()).isEqualTo(Long.toString(30L * 24 * 3600 * 1000));
            assertThat(admin.listTopics().names().get(60, TimeUnit.SECONDS))
                    .as("no dead-letter twin: no Ironcore service consumes it")
                    .doesNotContain(Topics.dlq(Topics.JOB_DEFINITIONS));
        }
    }

    @Test
    void aJobAndASyncJobOfBeforeThisVersionArePublishedByTheBackfillOnce() {
        String name = Fixture.unique("defs-old");
        String id = createJob(name);
        String syncName = Fixture.unique("defs-sync-old");
        String syncId = createSyncJob(syncName);
        Awaitility.await().atMost(WAIT).until(() -> last().containsKey(id) && last().containsKey(syncId));
        // as the rows of a version before the topic: never published
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("UPDATE job SET definition_published_version = NULL WHERE id = CAST(?1 AS uuid)")
                    .setParameter(1, id).executeUpdate();
            em.createNativeQuery("UPDATE sync_job SET definition_published_version = NULL "
                    + "WHERE id = CAST(?1 AS uuid)").setParameter(1, syncId).executeUpdate();
        });

        // the scheduled backfill may run at the same time: each row is published once all the same
        definitions.backfill();
        assertThat(definitions.backfill()).as("nothing left to publish").isEqualTo(new JobDefinitions.Backfill(0, 0));
        assertThat(QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("SELECT count(*) FROM job "
                + "WHERE definition_published_version IS DISTINCT FROM version").getSingleResult()))
                .isEqualTo(0L);

        Awaitility.await().atMost(WAIT).until(() -> kafka.readAll(Topics.JOB_DEFINITIONS).stream()
                .filter(r -> id.equals(r.key()) || syncId.equals(r.key())).count() == 4);
        Map<String, TopicProbe.Rec> last = last();
        assertEqualsRest(EventJson.readStrict(last.get(id).value(), JobDefinition.class),
                admin().get("/api/v1/jobs/" + name).then().statusCode(200).extract().jsonPath());
        assertEqualsRest(EventJson.readStrict(last.get(syncId).value(), SyncJobDefinition.class),
                admin().get("/api/v1/sync-jobs/" + syncName).then().statusCode(200).extract().jsonPath());
    }

    /** The other tests list the default project's jobs (a paused one of ours among them would be in the way). */
    @AfterEach
    void deleteWhatIsLeft() {
        created.forEach(path -> admin().delete(path));
        created.clear();
    }

    private String createJob(String name) {
        created.add("/api/v1/jobs/" + name);
        return admin().body(Fixture.jobSpec(name)).post("/api/v1/jobs").then().statusCode(201).extract().path("id");
    }

    private String createSyncJob(String name) {
        created.add("/api/v1/sync-jobs/" + name);
        return admin().body(Map.of("name", name, "sourceDatastore", "ibs-primary", "sourceNamespace", "production",
                "targetDatastore", "ibs-backup", "targetNamespace", "production", "schedule", "Sun 04:30",
                "retention", "keep-weekly=52")).post("/api/v1/sync-jobs").then().statusCode(201).extract().path("id");
    }

    /** The last record of each key on the topic, from offset 0. */
    private Map<String, TopicProbe.Rec> last() {
        Map<String, TopicProbe.Rec> last = new LinkedHashMap<>();
        for (TopicProbe.Rec r : kafka.readAll(Topics.JOB_DEFINITIONS)) {
            last.put(r.key(), r); // one key is in one partition, read in order
        }
        return last;
    }

    private static void assertEqualsRest(JobDefinition d, JsonPath rest) {
        assertThat(d.jobId()).isEqualTo(rest.getString("id"));
        assertThat(d.name()).isEqualTo(rest.getString("name"));
        assertThat(d.project()).isEqualTo(rest.getString("project"));
        assertThat(d.version()).isEqualTo(rest.getLong("version"));
        assertThat(d.enabled()).isEqualTo(rest.getBoolean("enabled")).isEqualTo(d.spec().enabled());
        assertThat(d.createdAt()).isCloseTo(Instant.parse(rest.getString("createdAt")), within(1, ChronoUnit.MILLIS));
        assertThat(d.updatedAt()).isCloseTo(Instant.parse(rest.getString("updatedAt")), within(1, ChronoUnit.MILLIS));
        assertThat(d.spec().type()).isEqualTo(rest.getString("type"));
        assertThat(d.spec().sourceIds()).isEqualTo(rest.getList("sourceIds"));
        assertThat(d.spec().datastore()).isEqualTo(rest.getString("datastore"));
        assertThat(d.spec().namespace()).isEqualTo(rest.getString("namespace"));
        assertThat(d.spec().mode().wire()).isEqualTo(rest.getString("mode"));
        assertThat(d.spec().schedule()).isEqualTo(rest.getString("schedule"));
        assertThat(d.spec().timezone()).isEqualTo(rest.getString("timezone"));
        assertThat(d.spec().retention()).isEqualTo(rest.getString("retention"));
        assertThat(d.spec().notificationMode()).isEqualTo(rest.getString("notificationMode"));
        assertThat(d.spec().notificationGroup()).isEqualTo(rest.getString("notificationGroup"));
        assertThat(d.spec().description()).isEqualTo(rest.getString("description"));
        assertThat(d.spec().action()).isEqualTo(rest.getString("action"));
        assertThat(d.spec().overlapPolicy().wire()).isEqualTo(rest.getString("overlapPolicy"));
        assertThat(d.spec().missedRunPolicy().wire()).isEqualTo(rest.getString("missedRunPolicy"));
        assertThat(d.spec().rpo()).isNull();
        assertThat(rest.getString("rpo")).isNull();
    }

    private static void assertEqualsRest(SyncJobDefinition d, JsonPath rest) {
        assertThat(d.syncJobId()).isEqualTo(rest.getString("id"));
        assertThat(d.name()).isEqualTo(rest.getString("name"));
        assertThat(d.project()).isEqualTo(rest.getString("project"));
        assertThat(d.source().name()).isEqualTo(rest.getString("sourceDatastore"));
        assertThat(d.sourceNamespace()).isEqualTo(rest.getString("sourceNamespace"));
        assertThat(d.target().name()).isEqualTo(rest.getString("targetDatastore"));
        assertThat(d.targetNamespace()).isEqualTo(rest.getString("targetNamespace"));
        assertThat(d.schedule()).isEqualTo(rest.getString("schedule"));
        assertThat(d.timezone()).isEqualTo(rest.getString("timezone"));
        assertThat(d.retention()).isEqualTo(rest.getString("retention"));
        assertThat(d.enabled()).isEqualTo(rest.getBoolean("enabled"));
        assertThat(d.createdAt()).isCloseTo(Instant.parse(rest.getString("createdAt")), within(1, ChronoUnit.MILLIS));
        assertThat(d.version()).isEqualTo(1);
        assertThat(d.allProjects()).isFalse();
    }
}
