package io.ironcore.bench;

import io.ironcore.local.IroncoreSystem;
import io.ironcore.local.Service;
import io.ironcore.local.ServiceApp;
import io.ironcore.local.infra.InfraSettings;
import io.ironcore.local.infra.RepoRoot;
import io.ironcore.local.infra.Scratch;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The packaged job-service's {@code /q/metrics} with N jobs (10,000 by default), each with the totals a month of daily
 * runs leaves (Completed, Failed and Skipped counts, a duration histogram, bytes, a last success, an RPO state),
 * written straight into its tables as its projection would. The peer is the same service's scrape before the jobs
 * exist (JVM, HTTP and Kafka-client series only). Prints the scrape's time (p50, p99, max over the scrapes), its
 * size, the series per job, and the service's CPU time per scrape beside the share of a core it uses idle.
 *
 * <p>A third argument says how to scrape: {@code prometheus} (the default) as Prometheus does, over HTTP/1.1 with its
 * Accept header (which gets text 0.0.4 from Quarkus); {@code plain} as the first version of this bench did, with the
 * HTTP client's defaults (no Accept header, so OpenMetrics, and an upgrade to HTTP/2 where the server takes it).
 */
public final class MetricsBench {
    private static final String TOKEN = "bench-" + UUID.randomUUID();
    /** An Accept header as recent Prometheus versions send it: it names text/plain, so Quarkus answers text 0.0.4. */
    private static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0;q=0.5,"
            + "application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2";

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int scrapes = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        boolean prometheus = !(args.length > 2 && args[2].equals("plain"));
        Path data = Scratch.directory("ironcore-bench-metrics-", 2L << 30);
        try (IroncoreSystem system = IroncoreSystem.builder(RepoRoot.require(),
                InfraSettings.forTests(data, System.getenv())).freePorts(true)
                .env(Service.JOB, "IRONCORE_AUTH_BOOTSTRAP_TOKEN", TOKEN).build()) {
            ServiceApp job = system.start(Service.JOB, Map.of());
            HttpClient http = HttpClient.newHttpClient();
            HttpClient scraper = prometheus ? HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    : http;
            post(http, job.url() + "/api/v1/projects", "{\"name\":\"bench\"}");
            post(http, job.url() + "/api/v1/datastores", "{\"name\":\"bench-ds\",\"path\":\"" + data.resolve("ds")
                    + "\",\"allowedProjects\":[\"bench\"]}");
            // the peer: the same service before the jobs exist; the fleet series need the relay's leader first
            Thread.sleep(5000);
            Result empty = scrape(scraper, prometheus, job.url(), scrapes, job.process().process().toHandle());
            var pg = system.infrastructure().postgres();
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(Service.JOB.database()), pg.user(),
                    pg.password())) {
                insert(c, jobs);
            }
            ProcessHandle service = job.process().process().toHandle();
            double idle = idleCpuShare(service, 10_000);
            Result full = scrape(scraper, prometheus, job.url(), scrapes, service);
            System.out.printf("metrics: %,d jobs, %d scrapes each, %s%n", jobs, scrapes,
                    prometheus ? "as Prometheus scrapes (HTTP/1.1, its Accept header)" : "with the client's defaults");
            System.out.printf("  %s%n", full.format);
            System.out.printf("  without jobs:  p50 %.1f ms, p99 %.1f ms, max %.1f ms, %,d bytes, %,d series%n",
                    empty.stats.percentile(50), empty.stats.percentile(99), empty.stats.max(), empty.bytes,
                    empty.series);
            System.out.printf("  %,d jobs:  p50 %.1f ms, p99 %.1f ms, max %.1f ms, %,d bytes, %,d series%n", jobs,
                    full.stats.percentile(50), full.stats.percentile(99), full.stats.max(), full.bytes, full.series);
            System.out.printf("  series per job: %.1f (ironcore_ series %,d)%n",
                    (full.series - empty.series) / (double) jobs, full.ironcore);
            System.out.printf("  job-service CPU per scrape: %.0f ms without jobs, %.0f ms with %,d jobs; idle, it"
                    + " uses %.0f%% of a core (the compliance sweep, the relay), which is in these figures too%n",
                    empty.cpuMs, full.cpuMs, jobs, idle * 100);
        } finally {
            Scratch.delete(data);
        }
    }

    private record Result(Stats stats, long bytes, long series, long ironcore, String format, double cpuMs) {
    }

    /** The share of a core the service uses while nobody scrapes it. */
    private static double idleCpuShare(ProcessHandle service, long millis) throws InterruptedException {
        long before = cpuNanos(service);
        long t = System.nanoTime();
        Thread.sleep(millis);
        return (cpuNanos(service) - before) / (double) (System.nanoTime() - t);
    }

    private static long cpuNanos(ProcessHandle service) {
        return service.info().totalCpuDuration().orElseThrow().toNanos();
    }

    private static Result scrape(HttpClient http, boolean prometheus, String url, int n, ProcessHandle service)
            throws Exception {
        double[] ms = new double[n];
        String body = "";
        String format = "";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/q/metrics"));
        if (prometheus) {
            request.header("Accept", PROMETHEUS_ACCEPT);
        }
        long cpu = 0;
        for (int i = -3; i < n; i++) { // three warm-ups
            long cpuBefore = cpuNanos(service);
            long t = System.nanoTime();
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("/q/metrics answered " + r.statusCode());
            }
            if (i >= 0) {
                ms[i] = (System.nanoTime() - t) / 1e6;
                cpu += cpuNanos(service) - cpuBefore;
            }
            body = r.body();
            format = r.version() + ", " + r.headers().firstValue("content-type").orElse("no content type") + ", "
                    + r.headers().firstValue("transfer-encoding").map(e -> e + " transfer").orElse("no chunking");
        }
        long series = body.lines().filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
        long ironcore = body.lines().filter(l -> l.startsWith("ironcore_")).count();
        return new Result(new Stats(ms), body.length(), series, ironcore, format, cpu / 1e6 / n);
    }

    private static void post(HttpClient http, String url, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** N daily jobs, each with a month of totals: 28 completed, 2 failed, 1 skipped, its durations and bytes. */
    private static void insert(Connection c, int jobs) throws Exception {
        Random random = new Random(16);
        Instant now = Instant.now();
        c.setAutoCommit(false);
        try (PreparedStatement job = c.prepareStatement("INSERT INTO job (id, project, name, type, source_ids, "
                + "datastore, namespace, mode, schedule, timezone, notification_mode, enabled, version, created_at, "
                + "updated_at, last_success_at, last_good_snapshot_at) VALUES (?, 'bench', ?, 'vm', '[]', 'bench-ds', "
                + "'', 'incremental', ?, ?, 'always', true, 1, ?, ?, ?, ?)");
             PreparedStatement total = c.prepareStatement("INSERT INTO run_total (job_id, action, mode, status, "
                     + "runs) VALUES (?, 'backup', 'incremental', ?, ?)");
             PreparedStatement duration = c.prepareStatement("INSERT INTO run_duration (job_id, mode, buckets, "
                     + "sum_seconds, bytes_read, bytes_changed, bytes_written) VALUES (?, 'incremental', "
                     + "CAST(? AS bigint[]), ?, ?, ?, ?)");
             PreparedStatement compliance = c.prepareStatement("INSERT INTO job_compliance (job_id, state, "
                     + "rpo_seconds, since, evaluated_at) VALUES (?, ?, 93600, ?, ?)")) {
            for (int i = 0; i < jobs; i++) {
                UUID id = UUID.randomUUID();
                Timestamp created = Timestamp.from(now.minusSeconds(31 * 86400L));
                Timestamp success = Timestamp.from(now.minusSeconds(random.nextInt(86400)));
                job.setObject(1, id);
                job.setString(2, "bench-" + i);
                job.setString(3, Schedules.next(random));
                job.setString(4, Schedules.ZONES[random.nextInt(Schedules.ZONES.length)].getId());
                job.setTimestamp(5, created);
                job.setTimestamp(6, created);
                job.setTimestamp(7, success);
                job.setTimestamp(8, success);
                job.addBatch();
                for (String[] s : new String[][] {{"Completed", "28"}, {"Failed", "2"}, {"Skipped", "1"}}) {
                    total.setObject(1, id);
                    total.setString(2, s[0]);
                    total.setLong(3, Long.parseLong(s[1]));
                    total.addBatch();
                }
                duration.setObject(1, id);
                duration.setString(2, "{0,3,12,10,3,0,0,0,0,0}");
                duration.setDouble(3, 28 * 180.0);
                duration.setLong(4, 28L * (8L << 30));
                duration.setLong(5, 28L * (80L << 20));
                duration.setLong(6, 28L * (40L << 20));
                duration.addBatch();
                compliance.setObject(1, id);
                compliance.setString(2, i % 50 == 0 ? "stale" : "protected");
                compliance.setTimestamp(3, success);
                compliance.setTimestamp(4, Timestamp.from(now));
                compliance.addBatch();
                if (i % 2000 == 1999) {
                    for (Statement st : new Statement[] {job, total, duration, compliance}) {
                        st.executeBatch();
                    }
                }
            }
            for (Statement st : new Statement[] {job, total, duration, compliance}) {
                st.executeBatch();
            }
        }
        c.commit();
    }
}
