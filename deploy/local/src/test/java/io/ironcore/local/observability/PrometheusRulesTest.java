package io.ironcore.local.observability;

import io.ironcore.local.infra.LocalPrometheus;
import io.ironcore.local.infra.RepoRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/observability/prometheus passes promtool: the scrape config, the rules, and the rules' unit tests, which
 * cover every alert, firing and not firing. A broken rule and a wrong threshold are caught.
 */
class PrometheusRulesTest {
    static final Path REPO = RepoRoot.require();
    static final Path DIR = REPO.resolve("deploy/observability/prometheus");
    static final Pattern ALERT = Pattern.compile("(?m)^\\s*- alert: (\\w+)\\s*$");
    static final Pattern RECORD = Pattern.compile("(?m)^\\s*- record: (\\S+)\\s*$");

    @Test
    void theScrapeConfigAndItsRulesAreValid() throws Exception {
        Promtool.Result config = Promtool.run(DIR, "check", "config", "prometheus.yml");
        assertThat(config.exitCode()).as(config.output()).isZero();
        assertThat(config.output()).contains("SUCCESS: 1 rule files found");

        Promtool.Result rules = Promtool.run(DIR, "check", "rules", "ironcore-rules.yml");
        assertThat(rules.exitCode()).as(rules.output()).isZero();
        String text = Files.readString(DIR.resolve("ironcore-rules.yml"));
        int count = names(ALERT, text).size() + names(RECORD, text).size();
        assertThat(rules.output()).contains("SUCCESS: " + count + " rules found");
    }

    @Test
    void aConfigWrittenForOtherPortsIsValidToo(@TempDir Path dir) throws Exception {
        Files.copy(DIR.resolve("ironcore-rules.yml"), dir.resolve("ironcore-rules.yml"));
        Files.writeString(dir.resolve("prometheus.yml"), LocalPrometheus.scrapeConfig(Map.of(
                "job-service", List.of("127.0.0.1:41000", "127.0.0.1:41001"),
                "backup-worker", List.of("10.0.0.7:8082")), Duration.ofSeconds(2)));
        Promtool.Result r = Promtool.run(dir, "check", "config", "prometheus.yml");
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    @Test
    void theRulesUnitTestsPass() throws Exception {
        List<String> args = new ArrayList<>(List.of("test", "rules"));
        args.addAll(testFiles().stream().map(p -> p.getFileName().toString()).toList());
        Promtool.Result r = Promtool.run(DIR.resolve("tests"), args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).doesNotContain("FAILED");
        for (Path f : testFiles()) {
            assertThat(r.output()).contains("Unit Testing:  " + f.getFileName());
        }
    }

    @Test
    void everyAlertIsTestedFiringAndTheRpoAndFailureAlertsAlsoNotFiring() throws Exception {
        List<String> alerts = names(ALERT, Files.readString(DIR.resolve("ironcore-rules.yml")));
        assertThat(alerts).contains("IroncoreJobRpoBreached", "IroncoreJobFailureStreak", "IroncoreRunQueueBackingUp",
                "IroncoreOutboxRelayLagging", "IroncoreDatastoreFillingUp");
        StringBuilder tests = new StringBuilder();
        for (Path f : testFiles()) {
            tests.append(Files.readString(f)).append('\n');
        }
        for (String alert : alerts) {
            Pattern firing = Pattern.compile("alertname: " + alert + "\\s*\\n\\s*exp_alerts:\\s*\\n\\s*- exp_labels:");
            assertThat(firing.matcher(tests).find()).as(alert + " is tested firing").isTrue();
        }
        for (String alert : List.of("IroncoreJobRpoBreached", "IroncoreJobFailureStreak")) {
            Pattern quiet = Pattern.compile("alertname: " + alert + "\\s*\\n\\s*exp_alerts: \\[]");
            assertThat(quiet.matcher(tests).find()).as(alert + " is tested not firing").isTrue();
        }
    }

    @Test
    void promtoolCatchesABrokenRuleAndAWrongThreshold(@TempDir Path dir) throws Exception {
        String rules = Files.readString(DIR.resolve("ironcore-rules.yml"));

        Files.writeString(dir.resolve("broken.yml"), rules.replace(
                "expr: max by (project, job) (ironcore_job_rpo_breached) == 1",
                "expr: max by (project, job) (ironcore_job_rpo_breached == 1"));
        Promtool.Result broken = Promtool.run(dir, "check", "rules", "broken.yml");
        assertThat(broken.exitCode()).as(broken.output()).isNotZero();

        // the unit tests, run against rules whose failure streak starts at 2 failures, fail
        Path mutant = Files.createDirectories(dir.resolve("mutant/tests"));
        String twoFailures = rules.replace("ironcore_job:runs:increase24h{status=\"Failed\"} >= 3",
                "ironcore_job:runs:increase24h{status=\"Failed\"} >= 2");
        assertThat(twoFailures).isNotEqualTo(rules);
        Files.writeString(mutant.resolveSibling("ironcore-rules.yml"), twoFailures);
        Files.copy(DIR.resolve("tests/rpo_and_failures_test.yml"), mutant.resolve("rpo_and_failures_test.yml"));
        Promtool.Result r = Promtool.run(mutant, "test", "rules", "rpo_and_failures_test.yml");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("alertname: IroncoreJobFailureStreak").contains("job=\"flaky\"");
    }

    static List<Path> testFiles() throws IOException {
        try (Stream<Path> s = Files.list(DIR.resolve("tests"))) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
            assertThat(files).isNotEmpty();
            return files;
        }
    }

    static List<String> names(Pattern p, String text) {
        List<String> names = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
