package io.ironcore.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.local.DemoData;
import io.ironcore.local.Service;
import io.ironcore.local.WebhookReceiver;
import io.ironcore.local.infra.GrafanaDashboard;
import io.ironcore.local.infra.LocalPrometheus;
import io.ironcore.local.testing.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ops over the event log, on the packaged system: a real Prometheus scrapes the six services; after runs completed
 * and failed (and a prune, a GC, a sync, notifications), every expression of the Grafana dashboard and of the alert
 * rules returns series. A job with a 2-minute RPO goes quiet (no scheduler): JobRpoBreached is on Kafka within RPO + one
 * check, the gauge reads 1, the group's webhook hears of it, and a good run restores it, one event per transition.
 * Then every service is killed with SIGKILL and restarted, and every total, last success and RPO gauge is what it was.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration RPO = Duration.ofMinutes(2);
    /** The compliance check's interval in the end-to-end system (SharedSystem). */
    private static final Duration CHECK = Duration.ofSeconds(5);
    /** A comparison with a number, where an alert's expression turns its input into a condition. */
    private static final Pattern THRESHOLD = Pattern.compile("\\s*(==|!=|>=|<=|>|<)\\s*[0-9.]+");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");

    private static SharedSystem s;
    private static Api api;
    private static LocalPrometheus prometheus;

    @BeforeAll
    static void start() throws IOException {
        s = SharedSystem.get();
        api = s.api();
        Map<String, String> targets = new LinkedHashMap<>();
        for (Service service : Service.values()) {
            targets.put(service.module(), URI.create(s.url(service)).getAuthority());
        }
        prometheus = LocalPrometheus.builder(Files.createTempDirectory(s.data, "prometheus-"))
                .targets(targets).scrapeInterval(Duration.ofSeconds(2)).start();
        prometheus.awaitTargetsUp(WAIT);
        for (String datastore : List.of("ibs-primary", "ibs-backup")) {
            assertThat(api.post("/api/v1/datastores/" + datastore + "/namespaces", "{\"path\":\"observability\"}")
                    .status()).isIn(201, 409);
        }
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    @Order(1)
    void everyDashboardAndAlertExpressionReturnsSeriesAndAQuietJobBreachesItsRpoOnce() {
        String hook = "/hooks/obs-ops";
        created(api.post("/api/v1/notification-groups", "{\"name\":\"obs-ops\",\"targets\":[\"" + s.webhooks.url(hook)
                + "\"]}"));
        created(api.post("/api/v1/jobs", "{\"name\":\"obs-quiet\",\"sourceIds\":[\"12345\"],\"datastore\":"
                + "\"ibs-primary\",\"namespace\":\"observability\",\"mode\":\"full\","
                + "\"retention\":\"keep-last=1\",\"rpo\":\"2m\",\"notificationGroup\":\"obs-ops\"}"));
        String quietId = api.get("/api/v1/jobs/obs-quiet").body().get("id").asText();
        JsonNode good = api.awaitCompleted("/api/v1/jobs/obs-quiet/runs/" + run("obs-quiet"), WAIT);
        Instant goodAt = Instant.parse(api.get("/api/v1/jobs/obs-quiet").body().at("/compliance/lastGoodSnapshotAt")
                .asText());
        // the job goes quiet: no scheduler from now on (the workers go on, for the other jobs' runs)
        s.system.stop(Service.SCHEDULER);
        try {
            whileItGoesQuiet(quietId, goodAt, hook);
        } finally {
            s.system.start(Service.SCHEDULER, Map.of());
        }
        // a good run restores it
        api.awaitCompleted("/api/v1/jobs/obs-quiet/runs/" + run("obs-quiet"), WAIT);
        s.kafka.await(Topics.COMPLIANCE_EVENTS, r -> quietId.equals(r.key())
                && EventTypes.JOB_RPO_RESTORED.equals(r.ceType()), WAIT);
        await().atMost(WAIT).until(() -> delivered(hook, "job.rpo-restored", "obs-quiet"));
        await().atMost(WAIT).until(() -> prometheus.series(
                "ironcore_job_rpo_breached{job=\"obs-quiet\"}").stream().anyMatch(x -> x.value() == 0));
        assertThat(s.kafka.readAll(Topics.COMPLIANCE_EVENTS).stream().filter(r -> quietId.equals(r.key()))
                .map(TopicProbe.Rec::ceType).toList())
                .containsExactly(EventTypes.JOB_RPO_BREACHED, EventTypes.JOB_RPO_RESTORED);
        assertThat(good.get("state").asText()).isEqualTo("Completed");
        // its 2-minute RPO would lapse during the next test
        assertThat(api.delete("/api/v1/jobs/obs-quiet").status()).isEqualTo(204);
    }

    /**
     * While the quiet job's RPO runs out: runs completed and failed, a prune, a GC, a sync and notifications, then
     * every expression; then the breach.
     */
    private static void whileItGoesQuiet(String quietId, Instant goodAt, String hook) {
        // a job whose disk is gone fails, three times: a failure streak
        Path image = s.data.resolve("images/obs-gone.raw");
        DemoData.writeImage(image, 1L << 20, 77);
        created(api.post("/api/v1/workloads", "{\"id\":\"obs-gone\",\"name\":\"obs-gone\",\"disks\":[{\"name\":"
                + "\"drive-scsi0\",\"sourceRoot\":\"" + DemoData.SOURCE_ROOT + "\",\"path\":\"obs-gone.raw\"}]}"));
        created(api.post("/api/v1/jobs", "{\"name\":\"obs-failing\",\"sourceIds\":[\"obs-gone\"],\"datastore\":"
                + "\"ibs-primary\",\"namespace\":\"observability\",\"mode\":\"full\",\"notificationGroup\":\"obs-ops\"}"));
        delete(image);
        for (int i = 0; i < 3; i++) {
            JsonNode failed = api.awaitFinished("/api/v1/jobs/obs-failing/runs/" + run("obs-failing"), WAIT);
            assertThat(failed.get("state").asText()).isEqualTo("Failed");
        }
        // twenty backups more (for the next test's restart)
        created(api.post("/api/v1/jobs", "{\"name\":\"obs-many\",\"sourceIds\":[\"12346\"],\"datastore\":"
                + "\"ibs-primary\",\"namespace\":\"observability\",\"mode\":\"incremental\",\"schedule\":\"02:00\"}"));
        for (int i = 0; i < 17; i++) {
            api.awaitCompleted("/api/v1/jobs/obs-many/runs/" + run("obs-many"), WAIT);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(api.awaitFinished("/api/v1/jobs/obs-failing/runs/" + run("obs-failing"), WAIT)
                    .path("state").asText()).isEqualTo("Failed");
        }
        // a GC and a sync, for their panels
        created(api.post("/api/v1/jobs", "{\"name\":\"obs-gc\",\"action\":\"gc\",\"datastore\":\"ibs-primary\","
                + "\"schedule\":\"Sat 06:00\"}"));
        api.awaitCompleted("/api/v1/jobs/obs-gc/runs/" + run("obs-gc"), WAIT);
        created(api.post("/api/v1/sync-jobs", "{\"name\":\"obs-sync\",\"sourceDatastore\":\"ibs-primary\","
                + "\"sourceNamespace\":\"observability\",\"targetDatastore\":\"ibs-backup\",\"targetNamespace\":"
                + "\"observability\",\"schedule\":\"Sun 04:30\"}"));
        assertThat(api.post("/api/v1/sync-jobs/obs-sync/run", null).status()).isEqualTo(202);
        await().atMost(WAIT).until(() -> "completed".equals(api.get("/api/v1/sync-jobs/obs-sync").body()
                .at("/lastSync/state").asText()));

        // Prometheus has scraped the failures, and the newest series (sync, GC, notifications, datastores) a few times
        await().atMost(WAIT).until(() -> prometheus.series(
                "ironcore_runs_total{job=\"obs-failing\",status=\"Failed\"}").stream().anyMatch(x -> x.value() == 6));
        for (String newest : List.of("ironcore_sync_runs_total", "ironcore_gc_runs_total", "ironcore_notifications_total",
                "ironcore_datastore_free_bytes", "ironcore_run_queue_depth")) {
            await().atMost(WAIT).until(() -> prometheus.series("min(count_over_time(" + newest + "[10m]))").stream()
                    .anyMatch(x -> x.value() >= 3));
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(expressionsWithoutSeries())
                .as("dashboard and rule expressions without series").isEmpty());
        // the failure streak is an alert
        await().atMost(WAIT).until(() -> prometheus.alerts().stream().anyMatch(a ->
                "IroncoreJobFailureStreak".equals(a.labels().get("alertname"))
                        && "obs-failing".equals(a.labels().get("job"))));

        try {
            // the RPO: breached once, on Kafka within RPO + one check of the good snapshot
            TopicProbe.Rec breached = s.kafka.await(Topics.COMPLIANCE_EVENTS, r -> quietId.equals(r.key())
                    && EventTypes.JOB_RPO_BREACHED.equals(r.ceType()), RPO.plus(WAIT));
            Instant deadline = goodAt.plus(RPO);
            assertThat(Instant.ofEpochMilli(breached.timestamp()))
                    .isBetween(deadline, deadline.plus(CHECK).plusSeconds(10));
            JsonNode b = EventJson.mapper().readTree(breached.valueString());
            assertThat(b.get("state").asText()).isEqualTo("stale");
            assertThat(b.get("rpoSeconds").asLong()).isEqualTo(RPO.getSeconds());
            await().atMost(WAIT).until(() -> prometheus.series(
                    "ironcore_job_rpo_breached{job=\"obs-quiet\"}").stream().anyMatch(x -> x.value() == 1));
            await().atMost(WAIT).until(() -> delivered(hook, "job.rpo-breached", "obs-quiet"));
            assertThat(api.get("/api/v1/jobs/obs-quiet").body().at("/compliance/state").asText()).isEqualTo("stale");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(2)
    void totalsLastSuccessAndRpoSurviveKillingEveryServiceAndADeletedJobLeavesNoSeries() {
        created(api.post("/api/v1/jobs", "{\"name\":\"obs-doomed\",\"sourceIds\":[\"12346\"],\"datastore\":"
                + "\"ibs-primary\",\"namespace\":\"observability\",\"mode\":\"incremental\"}"));
        api.awaitCompleted("/api/v1/jobs/obs-doomed/runs/" + run("obs-doomed"), WAIT);
        assertThat(scrapeAll()).containsKey(series("ironcore_runs_total", "obs-doomed"));
        assertThat(api.delete("/api/v1/jobs/obs-doomed").status()).isEqualTo(204);
        await().atMost(WAIT).until(() -> quiet(scrapeAll()));
        Map<String, Double> before = durable(scrapeAll());
        assertThat(before.keySet()).anyMatch(k -> k.startsWith("ironcore_runs_total{") && k.contains("obs-many"))
                .anyMatch(k -> k.startsWith("ironcore_notifications_total{"))
                .anyMatch(k -> k.startsWith("ironcore_job_last_success_timestamp_seconds{"))
                .anyMatch(k -> k.startsWith("ironcore_job_rpo_breached{"));

        Map<Service, Boolean> killed = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            s.system.kill(service);
            killed.put(service, !s.system.app(service).process().isAlive());
        }
        assertThat(killed.values()).containsOnly(true);
        for (Service service : Service.values()) {
            s.system.start(service, Map.of());
        }

        await().atMost(WAIT).untilAsserted(() -> assertThat(durable(scrapeAll())).isEqualTo(before));
        assertThat(scrapeAll().keySet()).noneMatch(k -> k.contains("\"obs-doomed\""));
    }

    /**
     * The dashboard's expressions, the recording rules and the alert rules' expressions without their thresholds
     * that return no series; each must evaluate without error.
     */
    private static List<String> expressionsWithoutSeries() {
        List<String> empty = new ArrayList<>();
        for (GrafanaDashboard.Expression e : GrafanaDashboard.expressions(s.repo.resolve(LocalPrometheus.DASHBOARD))) {
            LocalPrometheus.Query q = prometheus.query(e.promql());
            assertThat(q.ok()).as(e.panel() + ": " + e.promql() + ": " + q.error()).isTrue();
            if (q.samples().isEmpty()) {
                empty.add(e.panel() + " (" + e.refId() + "): " + e.promql());
            }
        }
        for (LocalPrometheus.Rule rule : prometheus.rules()) {
            LocalPrometheus.Query full = prometheus.query(rule.query());
            assertThat(full.ok()).as(rule.name() + ": " + full.error()).isTrue();
            String operand = "alerting".equals(rule.type()) ? inputs(rule.query()) : rule.query();
            LocalPrometheus.Query q = prometheus.query(operand);
            assertThat(q.ok()).as(rule.name() + ": " + operand + ": " + q.error()).isTrue();
            if (q.samples().isEmpty()) {
                empty.add("rule " + rule.name() + ": " + operand);
            }
        }
        return empty;
    }

    /**
     * What an alert's expression is about: it returns series only while the alert fires, so its input must: the
     * expression up to its first threshold, {@code unless} or {@code or}, without label matchers.
     */
    static String inputs(String alert) {
        String q = alert.replace('\n', ' ');
        Matcher threshold = THRESHOLD.matcher(q);
        int end = threshold.find() ? threshold.start() : q.length();
        for (String op : List.of(" unless ", " or ")) {
            int at = q.indexOf(op);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return MATCHERS.matcher(q.substring(0, end)).replaceAll("");
    }

    /** Every ironcore_ series of every service's /q/metrics, by name and labels. */
    private static Map<String, Double> scrapeAll() {
        Map<String, Double> all = new TreeMap<>();
        // as Prometheus scrapes: HTTP/1.1 (the JDK client's default h2c upgrade met a scrape answered as HTTP/1.1
        // after the upgrade once in CI: "Frame type(102) ... exceeds MAX_FRAME_SIZE")
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Pattern line = Pattern.compile("^(ironcore_[a-z_]+(?:\\{[^}]*})?) (\\S+)$", Pattern.MULTILINE);
        for (Service service : Service.values()) {
            try {
                String body = http.send(HttpRequest.newBuilder(URI.create(s.url(service) + "/q/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = line.matcher(body);
                while (m.find()) {
                    all.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return all;
    }

    /** The series that must survive a restart: totals, last successes, RPO gauges (not ages, not the JVM's own). */
    private static Map<String, Double> durable(Map<String, Double> all) {
        Map<String, Double> d = new TreeMap<>();
        all.forEach((k, v) -> {
            if (k.startsWith("ironcore_dlq_events")) {
                return;
            }
            if (k.matches("ironcore_[a-z_]+_total\\{.*") || k.startsWith("ironcore_run_duration_seconds")
                    || k.startsWith("ironcore_job_last_success_timestamp_seconds")
                    || k.startsWith("ironcore_job_rpo_")) {
                d.put(k, v);
            }
        });
        return d;
    }

    /** Nothing queued and every relay caught up: the totals do not move any more. */
    private static boolean quiet(Map<String, Double> all) {
        return all.entrySet().stream().filter(e -> e.getKey().startsWith("ironcore_run_queue_depth")
                || e.getKey().startsWith("ironcore_outbox_oldest_unsent_age_seconds")).allMatch(e -> e.getValue() == 0);
    }

    private static String series(String name, String job) {
        return name + "{project=\"" + DemoData.PROJECT + "\",job=\"" + job + "\",type=\"backup\",mode=\"incremental\","
                + "status=\"Completed\"}";
    }

    private static boolean delivered(String path, String type, String job) {
        return s.webhooks.deliveries().stream().map(WebhookReceiver.Delivery::body)
                .anyMatch(body -> body.contains(type) && body.contains(job));
    }

    private static String run(String job) {
        Api.Response r = api.post("/api/v1/jobs/" + job + "/run", null);
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(202);
        return r.body().get("id").asText();
    }

    private static void created(Api.Response r) {
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(201);
    }

    private static void delete(Path p) {
        try {
            Files.delete(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
