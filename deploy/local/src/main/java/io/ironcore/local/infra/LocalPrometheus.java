package io.ironcore.local.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A real Prometheus (the {@code prometheus} binary on the PATH: Debian's package, 2.x) scraping the Ironcore services
 * with the scrape config and the alert rules of {@code deploy/observability/prometheus}, as a child process on a
 * loopback port. Used by {@code deploy/local/run} (when Prometheus is installed) and by the tests, which query it
 * through its HTTP API ({@link #query(String)}, {@link #rules()}, {@link #alerts()}, {@link #targets()}).
 *
 * <p>The scrape config is written by {@link #scrapeConfig(Map, Duration)}: the checked-in
 * {@code deploy/observability/prometheus/prometheus.yml} is its output for the local demo's ports, and a test keeps
 * the two equal.
 */
public final class LocalPrometheus implements AutoCloseable {
    /** The checked-in files, relative to the repository root. */
    public static final String CONFIG = "deploy/observability/prometheus/prometheus.yml";
    public static final String RULES = "deploy/observability/prometheus/ironcore-rules.yml";
    public static final String RULE_TESTS = "deploy/observability/prometheus/tests";
    public static final String DASHBOARD = "deploy/observability/grafana/ironcore.json";
    /** The scrape job's name: the {@code job} label of {@code up}, and of every series without its own. */
    public static final String SCRAPE_JOB = "ironcore";
    public static final Duration DEFAULT_SCRAPE_INTERVAL = Duration.ofSeconds(15);
    public static final String INSTALL_HINT = "install Debian's prometheus package (as root: apt-get install prometheus,"
            + " or deploy/setup/test-prerequisites, which installs what the tests need)";

    private static final Pattern SERVICE_NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:[0-9]{1,5}");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChildProcess process;
    private final int port;
    private final Path dir;
    private final Duration scrapeInterval;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private LocalPrometheus(ChildProcess process, int port, Path dir, Duration scrapeInterval) {
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.scrapeInterval = scrapeInterval;
    }

    /** An executable of this name on the PATH ({@code prometheus}, {@code promtool}). */
    public static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String d : path.split(File.pathSeparator)) {
            if (d.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(d, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public static boolean installed() {
        return onPath("prometheus").isPresent();
    }

    /**
     * Starts Prometheus in {@code workDir} (config, rules, data and log go there) on a free port, scraping each service
     * every 15 s.
     *
     * @param serviceTargets service name (its {@code service} label, e.g. {@code job-service}) to its
     *                       {@code host:port}, or several separated by commas (replicas); empty: scrape nothing
     */
    public static LocalPrometheus start(Path workDir, Map<String, String> serviceTargets) {
        return builder(workDir).targets(serviceTargets).start();
    }

    public static Builder builder(Path workDir) {
        return new Builder(workDir);
    }

    public static final class Builder {
        private final Path dir;
        private Map<String, String> targets = Map.of();
        private Duration scrapeInterval = DEFAULT_SCRAPE_INTERVAL;
        private int port;
        private Path rules;
        private Path storage;

        private Builder(Path dir) {
            this.dir = dir;
        }

        public Builder targets(Map<String, String> serviceTargets) {
            this.targets = new LinkedHashMap<>(serviceTargets);
            return this;
        }

        /** The scrape and rule evaluation interval (15 s by default; tests take 1 s). */
        public Builder scrapeInterval(Duration interval) {
            this.scrapeInterval = interval;
            return this;
        }

        /** The HTTP port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The rule file (the repository's {@link #RULES} by default); it is copied into the work directory. */
        public Builder rules(Path rules) {
            this.rules = rules;
            return this;
        }

        /** Where the time series are stored ({@code data} in the work directory by default). */
        public Builder storage(Path storage) {
            this.storage = storage;
            return this;
        }

        public LocalPrometheus start() {
            Path executable = onPath("prometheus").orElseThrow(() -> new IllegalStateException(
                    "prometheus is not on the PATH: " + INSTALL_HINT));
            int p = port == 0 ? Ports.free() : port;
            Ports.requireFree(p, "Prometheus");
            Path rulesFile = rules != null ? rules : RepoRoot.require().resolve(RULES);
            Path data = storage != null ? storage : dir.resolve("data");
            try {
                Files.createDirectories(data);
                Files.copy(rulesFile, dir.resolve("ironcore-rules.yml"), StandardCopyOption.REPLACE_EXISTING);
                Files.writeString(dir.resolve("prometheus.yml"), scrapeConfig(split(targets), scrapeInterval));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<String> command = List.of(executable.toString(),
                    "--config.file=" + dir.resolve("prometheus.yml").toAbsolutePath(),
                    "--storage.tsdb.path=" + data.toAbsolutePath(),
                    "--web.listen-address=127.0.0.1:" + p,
                    "--web.enable-lifecycle",
                    "--log.level=warn");
            ChildProcess child = ChildProcess.start("prometheus", command, Map.of(), dir, dir.resolve("prometheus.log"));
            LocalPrometheus prometheus = new LocalPrometheus(child, p, dir, scrapeInterval);
            try {
                prometheus.awaitReady(READY_TIMEOUT);
            } catch (RuntimeException e) {
                prometheus.close();
                throw e;
            }
            return prometheus;
        }
    }

    /**
     * The scrape config: one scrape job ({@value #SCRAPE_JOB}) over {@code /q/metrics} of every target, each labelled
     * with its {@code service}, and the rule file {@code ironcore-rules.yml} next to it.
     *
     * <p>{@code honor_labels: true}: Ironcore series carry their own {@code job} label (the backup job) and
     * {@code ironcore_outbox_oldest_unsent_age_seconds} its own {@code service}; without it Prometheus would rename
     * them {@code exported_job} and {@code exported_service}.
     */
    public static String scrapeConfig(Map<String, List<String>> serviceTargets, Duration interval) {
        String every = duration(interval);
        StringBuilder b = new StringBuilder();
        b.append("""
                # Prometheus scrape config for the six Ironcore services, at the local demo's ports (deploy/local/run).
                # Written by io.ironcore.local.infra.LocalPrometheus#scrapeConfig (a test keeps this file equal to its
                # output); for other hosts or ports, change the targets (see ../README.md).
                global:
                  scrape_interval: %s
                  evaluation_interval: %s

                rule_files:
                  - ironcore-rules.yml
                """.formatted(every, every));
        if (serviceTargets.isEmpty()) {
            return b.append("\nscrape_configs: []\n").toString();
        }
        b.append("""

                scrape_configs:
                  - job_name: %s
                    metrics_path: /q/metrics
                    # Keep the series' own labels: `job` on an Ironcore series is the backup job, and `service` on
                    # ironcore_outbox_oldest_unsent_age_seconds the service (else: exported_job, exported_service).
                    honor_labels: true
                    static_configs:
                """.formatted(SCRAPE_JOB));
        serviceTargets.forEach((service, targets) -> {
            if (!SERVICE_NAME.matcher(service).matches()) {
                throw new IllegalArgumentException("not a service name: " + service);
            }
            if (targets.isEmpty()) {
                throw new IllegalArgumentException(service + " has no target");
            }
            for (String t : targets) {
                if (!HOST_PORT.matcher(t).matches()) {
                    throw new IllegalArgumentException("not host:port: " + t);
                }
            }
            b.append("      - targets: [").append(String.join(", ", targets.stream().map(t -> "\"" + t + "\"").toList()))
                    .append("]\n")
                    .append("        labels:\n")
                    .append("          service: ").append(service).append('\n');
        });
        return b.toString();
    }

    /** {@code job-service -> "127.0.0.1:8080,127.0.0.1:9080"} to lists of targets. */
    static Map<String, List<String>> split(Map<String, String> serviceTargets) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        serviceTargets.forEach((s, t) -> m.put(s, List.of(t.split("\\s*,\\s*"))));
        return m;
    }

    private static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms <= 0) {
            throw new IllegalArgumentException("not a positive interval: " + d);
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Duration scrapeInterval() {
        return scrapeInterval;
    }

    public Path log() {
        return process.log();
    }

    public ChildProcess process() {
        return process;
    }

    /** Scrapes these targets from now on: rewrites the config and reloads it ({@code POST /-/reload}). */
    public void retarget(Map<String, String> serviceTargets) {
        try {
            Files.writeString(dir.resolve("prometheus.yml"), scrapeConfig(split(serviceTargets), scrapeInterval));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url() + "/-/reload"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("Prometheus refused the new config (" + r.statusCode() + "): " + r.body());
        }
    }

    /** One series of an instant query's answer. */
    public record Sample(Map<String, String> labels, double value) {
    }

    /**
     * An instant query's answer: {@code status} is {@code success} or {@code error} (a parse error is
     * {@code bad_data}, with HTTP 400); samples of a vector, or one sample without labels for a scalar.
     */
    public record Query(String promql, String status, String errorType, String error, String resultType,
                        List<Sample> samples) {
        public boolean ok() {
            return "success".equals(status);
        }
    }

    /** Evaluates {@code promql} now ({@code POST /api/v1/query}). */
    public Query query(String promql) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url() + "/api/v1/query"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))));
        JsonNode root = parse(r);
        String status = root.path("status").asText();
        if (!"success".equals(status)) {
            return new Query(promql, status, root.path("errorType").asText(), root.path("error").asText(), null,
                    List.of());
        }
        JsonNode data = root.path("data");
        String type = data.path("resultType").asText();
        List<Sample> samples = new ArrayList<>();
        switch (type) {
            case "vector" -> data.path("result").forEach(s -> samples.add(new Sample(labels(s.path("metric")),
                    number(s.path("value").path(1).asText()))));
            case "scalar" -> samples.add(new Sample(Map.of(), number(data.path("result").path(1).asText())));
            default -> throw new IllegalStateException("unexpected result type " + type + " of " + promql);
        }
        return new Query(promql, status, null, null, type, List.copyOf(samples));
    }

    /** The series {@code promql} gives now; fails when Prometheus answers with an error. */
    public List<Sample> series(String promql) {
        Query q = query(promql);
        if (!q.ok()) {
            throw new IllegalStateException("Prometheus: " + q.errorType() + ": " + q.error() + " in " + promql);
        }
        return q.samples();
    }

    /** A loaded rule ({@code GET /api/v1/rules}): type {@code alerting} or {@code recording}; health ok|err|unknown. */
    public record Rule(String group, String name, String type, String query, String health, String lastError,
                       String state) {
    }

    public List<Rule> rules() {
        JsonNode root = parse(send(HttpRequest.newBuilder(URI.create(url() + "/api/v1/rules")).GET()));
        List<Rule> rules = new ArrayList<>();
        for (JsonNode g : root.path("data").path("groups")) {
            for (JsonNode r : g.path("rules")) {
                rules.add(new Rule(g.path("name").asText(), r.path("name").asText(), r.path("type").asText(),
                        r.path("query").asText(), r.path("health").asText(), r.path("lastError").asText(""),
                        r.path("state").asText("")));
            }
        }
        return List.copyOf(rules);
    }

    /** A pending or firing alert ({@code GET /api/v1/alerts}). */
    public record Alert(Map<String, String> labels, Map<String, String> annotations, String state, String value) {
    }

    public List<Alert> alerts() {
        JsonNode root = parse(send(HttpRequest.newBuilder(URI.create(url() + "/api/v1/alerts")).GET()));
        List<Alert> alerts = new ArrayList<>();
        for (JsonNode a : root.path("data").path("alerts")) {
            alerts.add(new Alert(labels(a.path("labels")), labels(a.path("annotations")), a.path("state").asText(),
                    a.path("value").asText()));
        }
        return List.copyOf(alerts);
    }

    /** An active scrape target ({@code GET /api/v1/targets}): health up|down|unknown. */
    public record Target(Map<String, String> labels, String scrapeUrl, String health, String lastError) {
    }

    public List<Target> targets() {
        JsonNode root = parse(send(HttpRequest.newBuilder(URI.create(url() + "/api/v1/targets?state=active")).GET()));
        List<Target> targets = new ArrayList<>();
        for (JsonNode t : root.path("data").path("activeTargets")) {
            targets.add(new Target(labels(t.path("labels")), t.path("scrapeUrl").asText(), t.path("health").asText(),
                    t.path("lastError").asText("")));
        }
        return List.copyOf(targets);
    }

    /** Waits until every target was scraped successfully at least once ({@code health up}), or fails naming them. */
    public List<Target> awaitTargetsUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Target> targets = targets();
            if (!targets.isEmpty() && targets.stream().allMatch(t -> "up".equals(t.health()))) {
                return targets;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Prometheus targets not up within " + timeout + ": " + targets);
            }
            requireAlive();
            Sleep.millis(200);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            requireAlive();
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/-/ready"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Prometheus was not ready within " + timeout + " (see " + log() + ")");
            }
            Sleep.millis(100);
        }
    }

    private void requireAlive() {
        if (!process.isAlive()) {
            String tail;
            try {
                tail = Files.readString(log());
                tail = tail.substring(Math.max(0, tail.length() - 2000));
            } catch (IOException e) {
                tail = "(no log)";
            }
            throw new IllegalStateException("Prometheus exited with code " + process.process().exitValue() + ": "
                    + tail);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Prometheus at " + url() + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode parse(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("Prometheus answered " + r.statusCode() + " with no JSON: " + r.body(), e);
        }
    }

    private static Map<String, String> labels(JsonNode object) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), e.getValue().asText());
        }
        return Map.copyOf(m);
    }

    private static double number(String s) {
        return switch (s) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    /** SIGTERM (Prometheus flushes its head block), SIGKILL after the grace period. */
    @Override
    public void close() {
        process.close();
    }
}
