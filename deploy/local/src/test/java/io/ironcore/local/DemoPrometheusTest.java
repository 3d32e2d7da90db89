package io.ironcore.local;

import io.ironcore.local.infra.LocalPrometheus;
import io.ironcore.local.infra.RepoRoot;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The checked-in scrape config is what deploy/local/run's Prometheus gets for the demo's ports. */
class DemoPrometheusTest {

    @Test
    void theCheckedInScrapeConfigIsWhatLocalPrometheusWritesForTheDemosPorts() throws Exception {
        String checkedIn = Files.readString(RepoRoot.require().resolve(LocalPrometheus.CONFIG));
        String written = LocalPrometheus.scrapeConfig(Map.of(), Duration.ofSeconds(15));
        assertThat(written).contains("scrape_configs: []");

        Map<String, List<String>> targets = new java.util.LinkedHashMap<>();
        DemoPrometheus.defaultTargets().forEach((service, target) -> targets.put(service, List.of(target)));
        assertThat(LocalPrometheus.scrapeConfig(targets, LocalPrometheus.DEFAULT_SCRAPE_INTERVAL)).isEqualTo(checkedIn);
        assertThat(checkedIn).contains("metrics_path: /q/metrics", "honor_labels: true",
                "- targets: [\"127.0.0.1:8080\"]\n        labels:\n          service: job-service\n",
                "- targets: [\"127.0.0.1:8085\"]\n        labels:\n          service: notification-service\n");
        assertThat(DemoPrometheus.defaultTargets()).hasSize(Service.values().length);
    }

    @Test
    void replicasAreTargetsOfOneServiceAndNothingElseGetsIntoTheConfig() {
        assertThat(LocalPrometheus.scrapeConfig(Map.of("backup-worker", List.of("127.0.0.1:1", "127.0.0.1:2")),
                Duration.ofMillis(1500))).contains("scrape_interval: 1500ms",
                "- targets: [\"127.0.0.1:1\", \"127.0.0.1:2\"]\n        labels:\n          service: backup-worker\n");
        assertThatThrownBy(() -> LocalPrometheus.scrapeConfig(Map.of("x\n  evil: 1", List.of("127.0.0.1:1")),
                Duration.ofSeconds(1))).hasMessageContaining("not a service name");
        assertThatThrownBy(() -> LocalPrometheus.scrapeConfig(Map.of("x", List.of("127.0.0.1:1\"]")),
                Duration.ofSeconds(1))).hasMessageContaining("not host:port");
    }

    @Test
    void theBannerGivesPrometheusUrlOrHowToInstallIt() {
        assertThat(DemoPrometheus.bannerLine(null)).contains("Prometheus").contains("not installed")
                .contains("apt-get install prometheus");
    }
}
