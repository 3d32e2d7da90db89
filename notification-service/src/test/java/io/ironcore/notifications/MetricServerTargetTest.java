package io.ironcore.notifications;

import com.fasterxml.jackson.databind.JsonNode;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.job.JobCreated;
import io.ironcore.events.job.JobSpec;
import io.ironcore.events.notification.NotificationFailed;
import io.ironcore.events.notification.NotificationSent;
import io.ironcore.events.notification.TargetType;
import io.ironcore.events.prune.PruneCompleted;
import io.ironcore.events.prune.SnapshotDecision;
import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.RunMode;
import io.ironcore.events.run.RunSkipped;
import io.ironcore.events.run.RunStats;
import io.ironcore.local.WebhookReceiver;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Metric servers as notification-group targets, against the real servers (Debian's influxd 1.6 and carbon-cache,
 * {@link MetricServers}): a finished run's point is read back through InfluxDB's /query API and from carbon's whisper
 * file; skipped runs and prune passes write points too, whatever the notification mode; an unreachable InfluxDB
 * gives NotificationFailed and changes nothing else.
 */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_notification"))
@QuarkusTestResource(WebhookReceiverResource.class)
class MetricServerTargetTest {
    private static final String DB = "ironcore_points";
    private TopicProbe kafka;

    @BeforeAll
    static void database() {
        WebhookReceiverResource.metrics.influxQuery(null, "CREATE DATABASE " + DB);
    }

    @BeforeEach
    void setUp() {
        kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
    }

    @Test
    void aCompletedRunIsAPointInInfluxDbAndInGraphiteAndAnUnreachableServerFailsAlone() throws Exception {
        MetricServers m = WebhookReceiverResource.metrics;
        String influx = "influxdb://ops:pa55word@127.0.0.1:" + m.influxPort + "/" + DB;
        String graphite = "graphite://127.0.0.1:" + m.carbonPort + "/itest";
        String down = "influxdb://127.0.0.1:" + WebhookReceiverResource.closedPort + "/" + DB;
        String hook = WebhookReceiverResource.receiver.url("/hooks/metrics-team");
        String name = "nightly web.01"; // a dot and a space: sanitized in Graphite's path
        String jobId = job(name, "always", List.of(influx, graphite, down, hook));
        String runId = UUID.randomUUID().toString();
        Instant done = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
        kafka.sendEvent(Topics.RUN_EVENTS, jobId, EventTypes.RUN_COMPLETED, UUID.randomUUID().toString(),
                new RunCompleted(runId, jobId, name, "w1", "full", "ibs-primary", "", done.minusSeconds(12), done,
                        new RunStats(4096, 2048, 1024, 3, 1, 2, 0), List.of()));

        // InfluxDB: the point, at the run's finish time, tagged and with its fields
        await().atMost(Duration.ofSeconds(30)).until(() -> series(m, jobId) != null);
        JsonNode series = series(m, jobId);
        List<String> columns = strings(series.get("columns"));
        JsonNode row = series.get("values").get(0);
        assertThat(row.get(columns.indexOf("time")).asText()).isEqualTo(done.toString());
        assertThat(row.get(columns.indexOf("project")).asText()).isEqualTo("ops-project");
        assertThat(row.get(columns.indexOf("job")).asText()).isEqualTo(name);
        assertThat(row.get(columns.indexOf("status")).asText()).isEqualTo("Completed");
        assertThat(row.get(columns.indexOf("mode")).asText()).isEqualTo("full");
        assertThat(row.get(columns.indexOf("type")).asText()).isEqualTo("backup");
        assertThat(row.get(columns.indexOf("duration_seconds")).asDouble()).isEqualTo(12.0);
        assertThat(row.get(columns.indexOf("bytes_read")).asLong()).isEqualTo(4096);
        assertThat(row.get(columns.indexOf("bytes_changed")).asLong()).isEqualTo(2048);
        assertThat(row.get(columns.indexOf("bytes_written")).asLong()).isEqualTo(1024);

        // Graphite: PREFIX.PROJECT.JOB.run.FIELD in carbon's whisper file, at the finish time
        String path = "itest.ops-project.nightly_web_01.run.duration_seconds";
        await().atMost(Duration.ofSeconds(30)).until(() -> !m.whisperPoints(path, done.getEpochSecond() - 5)
                .isEmpty());
        assertThat(m.whisperPoints(path, done.getEpochSecond() - 5))
                .containsExactly(done.getEpochSecond() + "\t12.000000");
        await().atMost(Duration.ofSeconds(10)).until(() -> !m.whisperPoints(
                "itest.ops-project.nightly_web_01.run.bytes_written", done.getEpochSecond() - 5).isEmpty());
        assertThat(m.whisperPoints("itest.ops-project.nightly_web_01.run.bytes_written", done.getEpochSecond() - 5))
                .containsExactly(done.getEpochSecond() + "\t1024.000000");

        // outcomes: both servers and the webhooks sent, the unreachable InfluxDB failed after its attempts
        await().atMost(Duration.ofSeconds(30)).until(() -> Outcomes.records(kafka, jobId).size() >= 5);
        List<NotificationSent> sent = Outcomes.sent(kafka, jobId);
        assertThat(sent).extracting(NotificationSent::targetType).containsExactlyInAnyOrder(TargetType.INFLUXDB,
                TargetType.GRAPHITE, TargetType.WEBHOOK, TargetType.WEBHOOK);
        assertThat(sent).filteredOn(s -> s.targetType() == TargetType.INFLUXDB).singleElement()
                .satisfies(s -> assertThat(s.target()).isEqualTo("influxdb://ops@127.0.0.1:" + m.influxPort + "/"
                        + DB));
        NotificationFailed failed = Outcomes.failed(kafka, jobId).stream().filter(f -> f.targetType()
                == TargetType.INFLUXDB).findFirst().orElseThrow();
        assertThat(failed.target()).isEqualTo(down);
        assertThat(failed.reason()).startsWith(down + " unreachable:");
        assertThat(failed.attempts()).isEqualTo(4);
        assertThat(failed.runId()).isEqualTo(runId);
        assertThat(Outcomes.records(kafka, jobId)).allSatisfy(r -> assertThat(r.valueString())
                .doesNotContain("pa55word"));
        // the group's webhook got its message regardless
        assertThat(WebhookReceiverResource.receiver.deliveries()).anySatisfy(d -> {
            assertThat(d.path()).isEqualTo("/hooks/metrics-team");
            assertThat(d.body()).contains(runId).contains("\"status\":\"Completed\"");
        });
    }

    @Test
    void skippedRunsAndPrunePassesArePointsWhateverTheNotificationMode() {
        MetricServers m = WebhookReceiverResource.metrics;
        String influx = "influxdb://127.0.0.1:" + m.influxPort + "/" + DB;
        String hook = WebhookReceiverResource.receiver.url("/hooks/silent-team");
        String name = "silent-" + UUID.randomUUID();
        String jobId = job(name, "never", List.of(influx, hook));
        Instant skippedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        String skipped = UUID.randomUUID().toString();
        kafka.sendEvent(Topics.RUN_EVENTS, jobId, EventTypes.RUN_SKIPPED, UUID.randomUUID().toString(),
                new RunSkipped(skipped, jobId, name, "ops-project", jobId + "@" + skippedAt, skippedAt, skippedAt,
                        RunSkipped.Reason.OVERLAP, "the previous run is still running"));
        Instant pruned = skippedAt.plusSeconds(10);
        SnapshotDecision keep = new SnapshotDecision("ns/production/vm/1/2026-12-01T02:00:00Z", "keep-daily");
        kafka.sendEvent(Topics.PRUNE_EVENTS, jobId, EventTypes.PRUNE_COMPLETED, UUID.randomUUID().toString(),
                new PruneCompleted(UUID.randomUUID().toString(), jobId, name, null, "ibs-primary", "production",
                        "keep-daily=7", List.of(keep, keep), List.of(keep), pruned));

        await().atMost(Duration.ofSeconds(30)).until(() -> point(m, "ironcore_run", name) != null
                && point(m, "ironcore_prune", name) != null);
        JsonNode run = point(m, "ironcore_run", name);
        List<String> runColumns = strings(run.get("columns"));
        assertThat(run.get("values").get(0).get(runColumns.indexOf("status")).asText()).isEqualTo("Skipped");
        assertThat(run.get("values").get(0).get(runColumns.indexOf("time")).asText()).isEqualTo(skippedAt.toString());
        assertThat(run.get("values").get(0).get(runColumns.indexOf("mode")).asText()).isEqualTo("incremental");
        JsonNode prune = point(m, "ironcore_prune", name);
        List<String> pruneColumns = strings(prune.get("columns"));
        JsonNode p = prune.get("values").get(0);
        assertThat(p.get(pruneColumns.indexOf("status")).asText()).isEqualTo("Completed");
        assertThat(p.get(pruneColumns.indexOf("snapshots_kept")).asLong()).isEqualTo(2);
        assertThat(p.get(pruneColumns.indexOf("snapshots_removed")).asLong()).isEqualTo(1);
        assertThat(p.get(pruneColumns.indexOf("time")).asText()).isEqualTo(pruned.toString());
        // mode never: points, and no message to the group's webhook
        await().atMost(Duration.ofSeconds(10)).until(() -> Outcomes.sent(kafka, jobId).size() == 2);
        assertThat(Outcomes.sent(kafka, jobId)).allSatisfy(s -> assertThat(s.targetType())
                .isEqualTo(TargetType.INFLUXDB));
        assertThat(WebhookReceiverResource.receiver.deliveries()).noneMatch(d -> d.path().equals("/hooks/silent-team"));
    }

    @Test
    void anInfluxDb2TargetPostsToTheV2ApiWithItsToken() {
        // no InfluxDB 2 here: the request's shape, seen by a real HTTP receiver standing in for one
        String target = "influxdb2://:t0ken-abc@127.0.0.1:" + WebhookReceiverResource.receiver.port()
                + "/acme/backups";
        String name = "v2-" + UUID.randomUUID();
        String jobId = job(name, "never", List.of(target));
        Instant done = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        kafka.sendEvent(Topics.RUN_EVENTS, jobId, EventTypes.RUN_COMPLETED, UUID.randomUUID().toString(),
                new RunCompleted(UUID.randomUUID().toString(), jobId, name, "w1", "incremental", "ibs-primary", "",
                        done.minusSeconds(2), done, new RunStats(1, 1, 1, 1, 1, 0, 0), List.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> WebhookReceiverResource.receiver.deliveries().stream()
                .anyMatch(d -> d.body().contains(name)));
        WebhookReceiver.Delivery d = WebhookReceiverResource.receiver.deliveries().stream()
                .filter(x -> x.body().contains(name)).findFirst().orElseThrow();
        assertThat(d.path()).isEqualTo("/api/v2/write");
        assertThat(d.header("Authorization")).isEqualTo("Token t0ken-abc");
        assertThat(d.body()).startsWith("ironcore_run,project=ops-project,job=" + name
                + ",status=Completed,mode=incremental,type=backup duration_seconds=2,bytes_read=1i,")
                .endsWith(" " + done.getEpochSecond() + "\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> Outcomes.sent(kafka, jobId).size() == 1);
        assertThat(Outcomes.sent(kafka, jobId).get(0).target())
                .isEqualTo("influxdb2://127.0.0.1:" + WebhookReceiverResource.receiver.port() + "/acme/backups");
    }

    private static JsonNode series(MetricServers m, String jobId) throws Exception {
        return null == jobId ? null : pointWhere(m, "ironcore_run", "job = 'nightly web.01' AND status = 'Completed'");
    }

    private static JsonNode point(MetricServers m, String measurement, String job) {
        return pointWhere(m, measurement, "job = '" + job + "'");
    }

    private static JsonNode pointWhere(MetricServers m, String measurement, String where) {
        try {
            JsonNode answer = EventJson.mapper().readTree(m.influxQuery(DB, "SELECT * FROM " + measurement
                    + " WHERE " + where));
            JsonNode series = answer.get("results").get(0).get("series");
            return series == null ? null : series.get(0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private String job(String name, String mode, List<String> targets) {
        String jobId = UUID.randomUUID().toString();
        JobSpec spec = new JobSpec("vm", List.of("1"), "ibs-primary", "", RunMode.INCREMENTAL, null, "UTC", null, mode,
                "metrics-team", true, null, null, null, null, null, null, targets);
        kafka.sendEvent(Topics.JOB_EVENTS, jobId, EventTypes.JOB_CREATED, UUID.randomUUID().toString(),
                new JobCreated(jobId, name, "ops-project", spec, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> settingsKnown(jobId));
        return jobId;
    }

    @jakarta.transaction.Transactional
    boolean settingsKnown(String jobId) {
        return JobSettings.findById(jobId) != null;
    }
}
