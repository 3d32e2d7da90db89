package io.ironcore.jobs;

import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.job.JobCreated;
import io.ironcore.events.job.JobUpdated;
import io.ironcore.events.job.NotificationTarget;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.ironcore.jobs.Fixture.admin;
import static io.ironcore.jobs.Fixture.createJob;
import static io.ironcore.jobs.Fixture.jobSpec;
import static io.ironcore.jobs.Fixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/** Notification groups: their recipients travel in the events of the jobs attached to them. */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_jobs"))
class JobNotificationGroupTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String GROUPS = "/api/v1/notification-groups";
    private static final List<String> TARGETS = List.of("https://hooks.example.org/ironcore", "mailto:oncall@example.org");

    private TopicProbe kafka;

    @BeforeEach
    void setUp() {
        kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
        Fixture.ensure();
    }

    /** Creates a group of {@link #TARGETS} and answers its name. */
    private static String createGroup(String prefix) {
        String group = unique(prefix);
        admin().body(Map.of("name", group, "targets", TARGETS)).post(GROUPS).then().statusCode(201);
        return group;
    }

    /** Creates a job attached to the group; answers its id. */
    private static String createJobIn(String group, String job) {
        Map<String, Object> spec = jobSpec(job);
        spec.put("notificationGroup", group);
        return createJob(spec);
    }

    @Test
    void aGroupWithARecipientThatIsNeitherAWebhookNorAnEmailIsRefused() {
        String group = unique("sloppy");
        admin().body(Map.of("name", group, "targets", List.of("https://hooks.example.org/ok", "ftp://example.org/x")))
                .post(GROUPS).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", startsWith("targets"))
                .body("errors[0].message", equalTo(NotificationTarget.ANY_MESSAGE));
        admin().get(GROUPS).then().statusCode(200).body("name", not(hasItem(group)));
    }

    @Test
    void aMetricServerIsATargetWhoseSecretIsNeverShown() {
        String group = unique("metrics");
        admin().body(Map.of("name", group, "targets", List.of("influxdb://ops:s3cret@influx.example.org:8086/ironcore",
                        "graphite://carbon.example.org:2003/backup")))
                .post(GROUPS).then().statusCode(201);
        admin().get(GROUPS).then().statusCode(200)
                .body("find { it.name == '" + group + "' }.targets", hasItem("graphite://carbon.example.org:2003/backup"))
                .body("find { it.name == '" + group + "' }.targets.toString()", not(containsString("s3cret")));
        // a malformed one says what is wrong, and a private address is refused as for webhooks
        admin().body(Map.of("name", unique("metrics-bad"), "targets", List.of("influxdb://influx.example.org/ironcore")))
                .post(GROUPS).then().statusCode(400).body("errors[0].field", startsWith("targets"))
                .body("errors[0].message", containsString("port"));
        admin().body(Map.of("name", unique("metrics-private"), "targets", List.of("graphite://10.1.2.3:2003")))
                .post(GROUPS).then().statusCode(400).body("errors[0].message", containsString("is not allowed"));
    }

    @Test
    void aJobsCreatedEventCarriesItsGroupsRecipients() {
        String group = createGroup("team");
        String id = createJobIn(group, unique("team-job"));
        TopicProbe.Rec rec = kafka.await(Topics.JOB_EVENTS, r -> id.equals(r.key()), WAIT);
        JobCreated created = EventJson.read(rec.value(), JobCreated.class);
        assertThat(created.spec().notificationGroup()).isEqualTo(group);
        assertThat(created.spec().notificationTargets()).containsExactlyElementsOf(TARGETS);
    }

    @Test
    void newRecipientsOfAGroupReachItsJobsAsANewVersionOfTheJob() {
        String group = createGroup("team");
        String job = unique("team-job");
        String id = createJobIn(group, job);
        admin().body(Map.of("targets", List.of("https://hooks.example.org/v2")))
                .put(GROUPS + "/" + group).then().statusCode(200)
                .body("targets", equalTo(List.of("https://hooks.example.org/v2")));

        TopicProbe.Rec updated = kafka.await(Topics.JOB_EVENTS, r -> id.equals(r.key())
                && EventTypes.JOB_UPDATED.equals(r.ceType()), WAIT);
        JobUpdated u = EventJson.read(updated.value(), JobUpdated.class);
        assertThat(u.version()).isEqualTo(2);
        assertThat(u.spec().notificationTargets()).containsExactly("https://hooks.example.org/v2");
        admin().get("/api/v1/jobs/" + job).then().statusCode(200).header("ETag", equalTo("\"2\""));
    }

    @Test
    void newRecipientsThatAreNotTargetsAreRefused() {
        String group = createGroup("team");
        admin().body(Map.of("targets", List.of("not a target"))).put(GROUPS + "/" + group).then().statusCode(400);
    }

    @Test
    void newRecipientsForAGroupThatDoesNotExistAre404() {
        admin().body(Map.of("targets", List.of())).put(GROUPS + "/" + unique("nobody")).then().statusCode(404);
    }

    @Test
    void aGroupAJobIsAttachedToIsNotDeletedAndTheProblemNamesTheJob() {
        String group = createGroup("team");
        String job = unique("team-job");
        createJobIn(group, job);
        admin().delete(GROUPS + "/" + group).then().statusCode(409)
                .contentType("application/problem+json")
                .body("errors[0].message", containsString(job));
    }

    @Test
    void aGroupIsDeletedOnceNoJobIsAttachedToIt() {
        String group = createGroup("team");
        String job = unique("team-job");
        createJobIn(group, job);
        String etag = admin().get("/api/v1/jobs/" + job).then().statusCode(200).extract().header("ETag");
        admin().contentType("application/merge-patch+json").header("If-Match", etag)
                .body(Collections.singletonMap("notificationGroup", null))
                .patch("/api/v1/jobs/" + job).then().statusCode(200);
        admin().delete(GROUPS + "/" + group).then().statusCode(204);
        admin().get(GROUPS).then().statusCode(200).body("name", not(hasItem(group)));
    }
}
