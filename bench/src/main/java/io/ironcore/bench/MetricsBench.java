package io.ironcore.bench;

import io.ironcore.local.IroncoreSystem;
import io.ironcore.local.Service;
import io.ironcore.local.ServiceApp;
import io.ironcore.local.infra.InfraSettings;
import io.ironcore.local.infra.RepoRoot;
import io.ironcore.local.infra.Scratch;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The packaged job-service's {@code /q/metrics} with N jobs (10,000 by default), each with the totals a month of daily
 * runs leaves (Completed, Failed and Skipped counts, a duration histogram, bytes, a last success, an RPO state),
 * written straight into its tables as its projection would. The peer is the same service's scrape before the jobs
 * exist (JVM, HTTP and Kafka-client series only). Prints the scrape's time (p50, p99, max over the scrapes), its
 * size, the series per job, and the service's CPU time per scrape beside the share of a core it uses idle.
 *
 * <p>A third argument says how to scrape: {@code prometheus} (the default) as Prometheus does, over HTTP/1.1 with its
 * Accept header (which gets text 0.0.4 from Quarkus); {@code plain} as the first version of this bench did, with the
 * HTTP client's defaults (no Accept header, so OpenMetrics, and an upgrade to HTTP/2 where the server takes it). A
 * fourth, K (0 by default), completes a run of K random jobs before each scrape, as the projection would write it
 * (their totals, durations, bytes and last success), so that the scrape has K jobs' series to read again; above
 * 2,000 and half the jobs it reads every row each time. {@code BENCH_SERVICE_JAVA_OPTS} goes to job-service's JVM
 * ({@code JAVA_TOOL_OPTIONS}), e.g. {@code -Xlog:gc:file=job-service-gc.log} (relative to the repository root, where the service runs). Each series of scrapes starts with
 * {@code BENCH_WARMUPS} (20) that are not counted: the first scrapes after a start run code the JIT has not compiled
 * yet, and the heap grows to its size. {@code BENCH_TIMES=1} prints every scrape's time in order, warm-ups first.
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
        int changing = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        Path data = Scratch.directory("ironcore-bench-metrics-", 2L << 30);
        IroncoreSystem.Builder builder = IroncoreSystem.builder(RepoRoot.require(),
                InfraSettings.forTests(data, System.getenv())).freePorts(true)
                .env(Service.JOB, "IRONCORE_AUTH_BOOTSTRAP_TOKEN", TOKEN);
        String serviceOptions = System.getenv("BENCH_SERVICE_JAVA_OPTS"); // e.g. -Xlog:gc:file=job-service-gc.log
        if (serviceOptions != null && !serviceOptions.isBlank()) {
            builder.env(Service.JOB, "JAVA_TOOL_OPTIONS", serviceOptions);
        }
        try (IroncoreSystem system = builder.build()) {
            ServiceApp job = system.start(Service.JOB, Map.of());
            HttpClient http = HttpClient.newHttpClient();
            HttpClient scraper = prometheus ? HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    : http;
            post(http, job.url() + "/api/v1/projects", "{\"name\":\"bench\"}");
            post(http, job.url() + "/api/v1/datastores", "{\"name\":\"bench-ds\",\"path\":\"" + data.resolve("ds")
                    + "\",\"allowedProjects\":[\"bench\"]}");
            // the peer: the same service before the jobs exist; the fleet series need the relay's leader first
            Thread.sleep(5000);
            Result empty = scrape(scraper, prometheus, job.url(), scrapes, job.process().process().toHandle(),
                    () -> { });
            var pg = system.infrastructure().postgres();
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(Service.JOB.database()), pg.user(),
                    pg.password())) {
                List<UUID> ids = insert(c, jobs);
                ProcessHandle service = job.process().process().toHandle();
                double idle = idleCpuShare(service, 10_000);
                Random random = new Random(17);
                Result full = scrape(scraper, prometheus, job.url(), scrapes, service,
                        () -> change(c, ids, changing, random));
                System.out.printf("metrics: %,d jobs, %d scrapes each, %s, %,d jobs' runs completed before each"
                        + " scrape%n", jobs, scrapes, prometheus ? "as Prometheus scrapes (HTTP/1.1, its Accept header)"
                        : "with the client's defaults", changing);
                print(jobs, empty, full, idle);
                Stats floor = floor(scraper, prometheus, full.text, scrapes);
                System.out.printf("  floor, the same %,d bytes from memory (JDK HttpServer, same client): p50 %.1f ms,"
                        + " p99 %.1f ms, max %.1f ms%n", full.text.length, floor.percentile(50),
                        floor.percentile(99), floor.max());
            }
        } finally {
            Scratch.delete(data);
        }
    }

    /** What a finished run of each of {@code n} jobs writes: a count, a duration, bytes, a last success. */
    private static void change(Connection c, List<UUID> ids, int n, Random random) {
        if (n == 0) {
            return;
        }
        UUID[] some = new UUID[n];
        for (int i = 0; i < n; i++) {
            some[i] = ids.get(random.nextInt(ids.size()));
        }
        try (PreparedStatement total = c.prepareStatement("UPDATE run_total SET runs = runs + 1 "
                + "WHERE job_id = ANY(?) AND status = 'Completed'");
             PreparedStatement duration = c.prepareStatement("UPDATE run_duration SET buckets[4] = buckets[4] + 1, "
                     + "sum_seconds = sum_seconds + 180, bytes_read = bytes_read + 8589934592 WHERE job_id = ANY(?)");
             PreparedStatement job = c.prepareStatement("UPDATE job SET last_success_at = now() "
                     + "WHERE id = ANY(?)")) {
            for (PreparedStatement p : List.of(total, duration, job)) {
                p.setArray(1, c.createArrayOf("uuid", some));
                p.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void print(int jobs, Result empty, Result full, double idle) {
        System.out.printf("  %s%n", full.format);
        System.out.printf("  without jobs:  p50 %.1f ms, p99 %.1f ms, max %.1f ms, %,d bytes, %,d series%n",
                empty.stats.percentile(50), empty.stats.percentile(99), empty.stats.max(), empty.bytes,
                empty.series);
        System.out.printf("  %,d jobs:  p50 %.1f ms, p90 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms, %,d bytes,"
                + " %,d series%n", jobs, full.stats.percentile(50), full.stats.percentile(90),
                full.stats.percentile(95), full.stats.percentile(99), full.stats.max(), full.bytes, full.series);
        System.out.printf("  series per job: %.1f (ironcore_ series %,d)%n",
                (full.series - empty.series) / (double) jobs, full.ironcore);
        System.out.printf("  job-service CPU per scrape: %.0f ms without jobs, %.0f ms with %,d jobs; idle, it"
                + " uses %.0f%% of a core (the compliance sweep, the relay), which is in these figures too%n",
                empty.cpuMs, full.cpuMs, jobs, idle * 100);
    }

    private record Result(Stats stats, long bytes, long series, long ironcore, String format, double cpuMs,
                          byte[] text) {
    }

    /**
     * The floor: the same text from memory, answered by the JDK's own HTTP server in this process (chunked, in 64 KiB
     * writes), read by the same client: what moving the bytes costs on this machine, with no work to find them.
     */
    private static Stats floor(HttpClient http, boolean prometheus, byte[] text, int n) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/q/metrics", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int at = 0; at < text.length; at += 64 * 1024) {
                    out.write(text, at, Math.min(64 * 1024, text.length - at));
                }
            }
        });
        ExecutorService executor = Executors.newSingleThreadExecutor();
        server.setExecutor(executor);
        server.start();
        try {
            return scrape(http, prometheus, "http://127.0.0.1:" + server.getAddress().getPort(), n,
                    ProcessHandle.current(), () -> { }).stats;
        } finally {
            server.stop(0);
            executor.shutdownNow();
        }
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

    private static Result scrape(HttpClient http, boolean prometheus, String url, int n, ProcessHandle service,
                                 Runnable beforeEach) throws Exception {
        double[] ms = new double[n];
        String body = "";
        byte[] text = new byte[0];
        String format = "";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/q/metrics"));
        if (prometheus) {
            request.header("Accept", PROMETHEUS_ACCEPT);
        }
        long cpu = 0;
        byte[] buffer = new byte[64 * 1024];
        int warmups = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUPS", "20"));
        double[] warm = new double[warmups];
        for (int i = -warmups; i < n; i++) { // the first scrapes after a start run code the JIT has not compiled yet
            beforeEach.run();
            long cpuBefore = cpuNanos(service);
            long t = System.nanoTime();
            HttpResponse<InputStream> r = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("/q/metrics answered " + r.statusCode());
            }
            // read to the end as a scraper does; the text is kept only from the last scrape, to count its series
            ByteArrayOutputStream kept = i == n - 1 ? new ByteArrayOutputStream() : null;
            try (InputStream in = r.body()) {
                for (int got; (got = in.read(buffer)) >= 0; ) {
                    if (kept != null) {
                        kept.write(buffer, 0, got);
                    }
                }
            }
            if (i >= 0) {
                ms[i] = (System.nanoTime() - t) / 1e6;
                cpu += cpuNanos(service) - cpuBefore;
            } else {
                warm[i + warmups] = (System.nanoTime() - t) / 1e6;
            }
            if (kept != null) {
                text = kept.toByteArray();
                body = new String(text, StandardCharsets.UTF_8);
            }
            format = r.version() + ", " + r.headers().firstValue("content-type").orElse("no content type") + ", "
                    + r.headers().firstValue("transfer-encoding").map(e -> e + " transfer").orElse("no chunking");
        }
        if (System.getenv("BENCH_TIMES") != null) {
            StringBuilder b = new StringBuilder("  times in order (ms), the " + warmups + " warm-ups first:");
            for (double m : warm) {
                b.append(String.format(" %.0f", m));
            }
            b.append(" |");
            for (double m : ms) {
                b.append(String.format(" %.0f", m));
            }
            System.out.println(b);
        }
        long series = body.lines().filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
        long ironcore = body.lines().filter(l -> l.startsWith("ironcore_")).count();
        return new Result(new Stats(ms), body.length(), series, ironcore, format, cpu / 1e6 / n, text);
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
    private static List<UUID> insert(Connection c, int jobs) throws Exception {
        List<UUID> ids = new ArrayList<>();
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
                ids.add(id);
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
        return ids;
    }
}
