package io.ironcore.local.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ironcore.local.infra.GrafanaDashboard;
import io.ironcore.local.infra.LocalPrometheus;
import io.ironcore.local.infra.RepoRoot;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/observability/grafana/ironcore.json is an importable Grafana dashboard with the panels the issue names, its
 * data source a variable, and every query (and every rule) uses only the product's metric names.
 */
class GrafanaDashboardTest {
    private static final Path REPO = RepoRoot.require();
    /** The product's series (docs/operations.md); a name outside this list is a typo that charts nothing. */
    private static final Set<String> METRICS = Set.of(
            "ironcore_runs_total", "ironcore_run_duration_seconds_bucket", "ironcore_run_duration_seconds_sum",
            "ironcore_run_duration_seconds_count", "ironcore_run_bytes_total",
            "ironcore_job_last_success_timestamp_seconds", "ironcore_job_next_run_timestamp_seconds",
            "ironcore_job_rpo_breached", "ironcore_job_rpo_seconds", "ironcore_run_queue_depth",
            "ironcore_run_queue_oldest_age_seconds", "ironcore_outbox_oldest_unsent_age_seconds",
            "ironcore_notifications_total", "ironcore_datastore_used_bytes", "ironcore_datastore_free_bytes",
            "ironcore_datastore_dedup_ratio", "ironcore_prune_runs_total", "ironcore_prune_snapshots_removed_total",
            "ironcore_gc_runs_total", "ironcore_gc_bytes_freed_total", "ironcore_sync_runs_total",
            "ironcore_sync_bytes_total");
    private static final Pattern METRIC = Pattern.compile("(?<![:\\w])ironcore_\\w+(?![:\\w])");

    @Test
    void itIsAGrafanaDashboardWithADataSourceVariableAndProjectAndJobFilters() throws Exception {
        JsonNode d = new ObjectMapper().readTree(REPO.resolve(LocalPrometheus.DASHBOARD).toFile());
        assertThat(d.path("schemaVersion").asInt()).isBetween(36, 41);
        assertThat(d.path("uid").asText()).isEqualTo("ironcore-backup");
        JsonNode vars = d.path("templating").path("list");
        assertThat(find(vars, "DS_PROMETHEUS").path("type").asText()).isEqualTo("datasource");
        assertThat(find(vars, "DS_PROMETHEUS").path("query").asText()).isEqualTo("prometheus");
        assertThat(find(vars, "project").path("definition").asText())
                .isEqualTo("label_values(ironcore_runs_total, project)");
        assertThat(find(vars, "job").path("definition").asText())
                .isEqualTo("label_values(ironcore_runs_total{project=~\"$project\"}, job)");
        for (String v : List.of("project", "job")) {
            assertThat(find(vars, v).path("allValue").asText()).isEqualTo(".*");
            assertThat(find(vars, v).path("datasource").path("uid").asText()).isEqualTo("${DS_PROMETHEUS}");
        }

        List<JsonNode> panels = new ArrayList<>();
        d.path("panels").forEach(p -> {
            panels.add(p);
            p.path("panels").forEach(panels::add);
        });
        Set<Integer> ids = new HashSet<>();
        List<String> titles = new ArrayList<>();
        for (JsonNode p : panels) {
            assertThat(ids.add(p.path("id").asInt())).as("panel id %s is unique", p.path("id")).isTrue();
            assertThat(p.path("gridPos").path("w").asInt()).isPositive();
            if (p.path("type").asText().equals("row")) {
                continue;
            }
            titles.add(p.path("title").asText());
            assertThat(p.path("datasource").path("uid").asText()).as(p.path("title").asText())
                    .isEqualTo("${DS_PROMETHEUS}");
            assertThat(p.path("targets").size()).as(p.path("title").asText()).isPositive();
            for (JsonNode t : p.path("targets")) {
                assertThat(t.path("expr").isTextual()).isTrue();
                assertThat(t.path("datasource").path("uid").asText()).isEqualTo("${DS_PROMETHEUS}");
            }
        }
        assertThat(titles).contains("Fleet success rate", "Failures by job", "Jobs at risk (RPO)", "Jobs at risk",
                "Run duration p50 / p95", "Bytes per day", "Dedup ratio", "Queue depth", "Relay lag",
                "Datastore fill", "Days until full");
        assertThat(GrafanaDashboard.expressions(REPO.resolve(LocalPrometheus.DASHBOARD)))
                .filteredOn(e -> e.panel().equals("Run duration p50 / p95"))
                .extracting(GrafanaDashboard.Expression::expr)
                .allSatisfy(e -> assertThat(e).startsWith("histogram_quantile(")
                        .contains("ironcore_run_duration_seconds_bucket"));
    }

    @Test
    void theDashboardAndTheRulesUseOnlyTheProductsMetricNames() throws Exception {
        Set<String> used = new TreeSet<>();
        for (GrafanaDashboard.Expression e : GrafanaDashboard.expressions(REPO.resolve(LocalPrometheus.DASHBOARD))) {
            used.addAll(metrics(e.expr()));
        }
        assertThat(used).contains("ironcore_runs_total", "ironcore_job_rpo_breached",
                "ironcore_run_duration_seconds_bucket", "ironcore_datastore_free_bytes");
        used.addAll(metrics(Files.readString(REPO.resolve(LocalPrometheus.RULES))));
        assertThat(METRICS).containsAll(used);
        assertThat(metrics("ironcore_job:runs:increase24h + ironcore_runs_totl")).containsExactly("ironcore_runs_totl");
    }

    private static Set<String> metrics(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    private static JsonNode find(JsonNode vars, String name) {
        for (JsonNode v : vars) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no variable " + name);
    }
}
