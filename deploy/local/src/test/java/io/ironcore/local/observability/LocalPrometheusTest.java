package io.ironcore.local.observability;

import io.ironcore.local.infra.GrafanaDashboard;
import io.ironcore.local.infra.LocalPrometheus;
import io.ironcore.local.infra.Ports;
import io.ironcore.local.infra.RepoRoot;
import io.ironcore.local.infra.Scratch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real Prometheus, started by {@link LocalPrometheus} with deploy/observability's scrape config and rules, scrapes
 * every Ironcore series (served with the product's names and labels by {@link FakeExporter}) each second: every
 * expression of the Grafana dashboard and every rule returns series, the series keep their own {@code job} label,
 * and the RPO and failure-streak alerts go pending for the job that is at risk and always fails.
 */
@Timeout(120)
class LocalPrometheusTest {
    private static final Path DASHBOARD = RepoRoot.require().resolve(LocalPrometheus.DASHBOARD);
    private static Path dir;
    private static FakeExporter exporter;
    private static LocalPrometheus prometheus;

    @BeforeAll
    static void start() throws Exception {
        dir = Scratch.directory("ironcore-prometheus-test", 64L << 20);
        exporter = new FakeExporter();
        prometheus = LocalPrometheus.builder(dir)
                .targets(Map.of("job-service", exporter.target()))
                .scrapeInterval(Duration.ofSeconds(1))
                .start();
        prometheus.awaitTargetsUp(Duration.ofSeconds(30));
        // increase(), deriv() and predict_linear() need a few samples
        awaitSeries("count_over_time(ironcore_run_queue_depth{kind=\"run\"}[1m]) >= 4", Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (exporter != null) {
            exporter.close();
        }
        if (dir != null) {
            Scratch.delete(dir);
        }
    }

    @Test
    void seriesKeepTheirOwnJobAndServiceLabelsAndGetTheTargetsService() {
        assertThat(prometheus.series("ironcore_runs_total{status=\"Failed\"}"))
                .extracting(s -> s.labels().get("job"))
                .containsExactlyInAnyOrder("nightly", "new-vm");
        assertThat(prometheus.series("ironcore_runs_total{job=\"nightly\",status=\"Failed\"}")).singleElement()
                .satisfies(s -> {
                    assertThat(s.labels()).containsEntry("service", "job-service")
                            .containsEntry("instance", exporter.target())
                            .containsEntry("project", "prod")
                            .doesNotContainKey("exported_job");
                    assertThat(s.value()).isGreaterThanOrEqualTo(4);
                });
        assertThat(prometheus.series("up")).singleElement()
                .satisfies(s -> assertThat(s.labels()).containsEntry("job", LocalPrometheus.SCRAPE_JOB));
    }

    @Test
    void everyDashboardExpressionReturnsSeries() {
        List<GrafanaDashboard.Expression> expressions = GrafanaDashboard.expressions(DASHBOARD);
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(20);
        List<String> failures = new ArrayList<>();
        for (GrafanaDashboard.Expression e : expressions) {
            LocalPrometheus.Query q = prometheus.query(e.promql());
            if (!q.ok()) {
                failures.add(e.panel() + " " + e.refId() + ": " + q.errorType() + " " + q.error());
            } else if (q.samples().isEmpty()) {
                failures.add(e.panel() + " " + e.refId() + ": no series from " + e.promql());
            } else if (q.samples().stream().allMatch(s -> Double.isNaN(s.value()))) {
                failures.add(e.panel() + " " + e.refId() + ": only NaN from " + e.promql());
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void theDashboardsNumbersAreRight() {
        // nightly: 2 successes and 1 failure a scrape; new-vm: 1 failure. Verify runs are Skipped: not counted.
        double rate = single(expr("Fleet success rate", "A"));
        assertThat(rate).isBetween(0.45, 0.55);
        assertThat(single(expr("Jobs at risk (RPO)", "A"))).isEqualTo(1);
        // p50 falls in the (1, 10] bucket, p95 in (10, +Inf) which histogram_quantile reports as its lower bound
        double p50 = single(expr("Run duration p50 / p95", "A"));
        assertThat(p50).isGreaterThan(1).isLessThanOrEqualTo(10);
        assertThat(single(expr("Run duration p50 / p95", "B"))).isEqualTo(10);
        assertThat(single(expr("Dedup ratio", "A"))).isEqualTo(2.5);
        assertThat(single(expr("Run queue", "A"))).isEqualTo(3);
        assertThat(single(expr("Run queue", "B"))).isEqualTo(42);
        // primary loses 1e7 bytes a second from about 1e11 free: about 10^4 s, a tenth of a day
        assertThat(single(expr("Days until full", "A"))).isBetween(0.1, 0.13);
    }

    @Test
    void everyRuleIsHealthyAndTheRecordingRulesHaveSeries() {
        String rulesText = readRules();
        List<String> alerts = PrometheusRulesTest.names(PrometheusRulesTest.ALERT, rulesText);
        List<String> records = PrometheusRulesTest.names(PrometheusRulesTest.RECORD, rulesText);
        awaitEvaluated(alerts.size() + records.size());
        List<LocalPrometheus.Rule> rules = prometheus.rules();
        assertThat(rules).extracting(LocalPrometheus.Rule::name)
                .containsExactlyInAnyOrderElementsOf(concat(alerts, records));
        assertThat(rules).allSatisfy(r -> assertThat(r.health()).as(r.name() + " " + r.lastError()).isEqualTo("ok"));
        for (LocalPrometheus.Rule r : rules) {
            LocalPrometheus.Query q = prometheus.query(r.query());
            assertThat(q.ok()).as(r.name() + ": " + q.error()).isTrue();
            if (r.type().equals("recording")) {
                assertThat(q.samples()).as(r.name() + " has series").isNotEmpty();
                assertThat(prometheus.series(r.name())).as(r.name() + " is recorded").isNotEmpty();
            }
        }
    }

    @Test
    void theAtRiskJobAndTheFailingJobAlert() {
        awaitSeries("ALERTS{alertname=\"IroncoreJobRpoBreached\"}", Duration.ofSeconds(20));
        awaitSeries("ALERTS{alertname=\"IroncoreJobFailureStreak\"}", Duration.ofSeconds(20));
        List<LocalPrometheus.Alert> alerts = prometheus.alerts();
        assertThat(alerts).filteredOn(a -> a.labels().get("alertname").equals("IroncoreJobRpoBreached"))
                .singleElement().satisfies(a -> {
                    assertThat(a.labels()).containsEntry("project", "lab").containsEntry("job", "new-vm")
                            .containsEntry("severity", "critical");
                    assertThat(a.annotations().get("description"))
                            .contains("missing (the job never completed a backup)").contains("its RPO is 1d 2h 0m 0s");
                });
        // new-vm never succeeded; nightly succeeds, so it has no streak
        assertThat(alerts).filteredOn(a -> a.labels().get("alertname").equals("IroncoreJobFailureStreak"))
                .singleElement().satisfies(a -> assertThat(a.labels()).containsEntry("job", "new-vm"));
    }

    @Test
    void aParseErrorIsAnErrorNotAnEmptyAnswer() {
        LocalPrometheus.Query q = prometheus.query("sum(ironcore_runs_total");
        assertThat(q.ok()).isFalse();
        assertThat(q.errorType()).isEqualTo("bad_data");
        assertThatThrownBy(() -> prometheus.series("rate(ironcore_runs_total)")).hasMessageContaining("bad_data");
        assertThatThrownBy(() -> GrafanaDashboard.substitute("sum(x[$__unknown])"))
                .hasMessageContaining("$__unknown");
    }

    @Test
    void withNoTargetsEveryExpressionStillParsesAndItStopsOnClose(@TempDir Path empty) {
        int port;
        try (LocalPrometheus bare = LocalPrometheus.builder(empty).scrapeInterval(Duration.ofSeconds(1)).start()) {
            port = bare.port();
            assertThat(bare.targets()).isEmpty();
            for (GrafanaDashboard.Expression e : GrafanaDashboard.expressions(DASHBOARD)) {
                LocalPrometheus.Query q = bare.query(e.promql());
                assertThat(q.ok()).as(e.panel() + ": " + q.error()).isTrue();
            }
            bare.retarget(Map.of("backup-worker", exporter.target()));
            assertThat(bare.awaitTargetsUp(Duration.ofSeconds(30))).singleElement()
                    .satisfies(t -> assertThat(t.labels()).containsEntry("service", "backup-worker"));
            assertThat(empty.resolve("prometheus.yml")).content().contains("service: backup-worker");
            assertThat(bare.process().isAlive()).isTrue();
        }
        assertThat(Ports.isOpen(port)).isFalse();
    }

    private static GrafanaDashboard.Expression expr(String panel, String refId) {
        return GrafanaDashboard.expressions(DASHBOARD).stream()
                .filter(e -> e.panel().equals(panel) && e.refId().equals(refId))
                .findFirst().orElseThrow(() -> new AssertionError("no panel " + panel + " " + refId));
    }

    private static double single(GrafanaDashboard.Expression e) {
        List<LocalPrometheus.Sample> s = prometheus.series(e.promql());
        assertThat(s).as(e.panel()).hasSize(1);
        return s.get(0).value();
    }

    private static void awaitSeries(String promql, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (prometheus.series(promql).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no series from " + promql + " within " + timeout);
            }
            sleep();
        }
    }

    private static void awaitEvaluated(int rules) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (prometheus.rules().size() < rules
                || prometheus.rules().stream().anyMatch(r -> r.health().equals("unknown"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("rules not evaluated: " + prometheus.rules());
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String readRules() {
        try {
            return Files.readString(RepoRoot.require().resolve(LocalPrometheus.RULES));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
