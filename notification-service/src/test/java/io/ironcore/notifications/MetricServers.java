package io.ironcore.notifications;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real metric servers of this test JVM, started once and shared: Debian's InfluxDB 1.6 ({@code influxd}) and
 * Graphite's carbon-cache, each with its own configuration and data in a temporary directory and on free loopback
 * ports, killed when the JVM exits. Points are read back through InfluxDB's {@code /query} API and from carbon's
 * whisper files ({@code whisper-fetch}).
 */
final class MetricServers {
    private static MetricServers shared;

    private final Path dir;
    final int influxPort;
    final int carbonPort;
    private final Process influx;
    private final Process carbon;
    private final HttpClient http = HttpClient.newHttpClient();

    private MetricServers() throws IOException {
        dir = Files.createTempDirectory("ironcore-metric-servers-");
        int[] ports = freePorts(5);
        influxPort = ports[0];
        int influxRpc = ports[1];
        carbonPort = ports[2];
        int pickle = ports[3];
        int cacheQuery = ports[4];
        Path influxConf = dir.resolve("influxdb.conf");
        Files.writeString(influxConf, String.join("\n",
                "reporting-disabled = true",
                "bind-address = \"127.0.0.1:" + influxRpc + "\"",
                "[meta]", "  dir = \"" + dir.resolve("influx/meta") + "\"",
                "[data]", "  dir = \"" + dir.resolve("influx/data") + "\"",
                "  wal-dir = \"" + dir.resolve("influx/wal") + "\"", "  query-log-enabled = false",
                "[http]", "  enabled = true", "  bind-address = \"127.0.0.1:" + influxPort + "\"",
                "  log-enabled = false",
                "[monitor]", "  store-enabled = false", ""));
        Path carbonDir = dir.resolve("carbon");
        Files.createDirectories(carbonDir.resolve("whisper"));
        Files.createDirectories(carbonDir.resolve("log"));
        Files.createDirectories(carbonDir.resolve("run"));
        Files.writeString(carbonDir.resolve("carbon.conf"), String.join("\n",
                "[cache]",
                "STORAGE_DIR = " + carbonDir,
                "LOCAL_DATA_DIR = " + carbonDir.resolve("whisper"),
                "WHITELISTS_DIR = " + carbonDir.resolve("lists"),
                "CONF_DIR = " + carbonDir,
                "LOG_DIR = " + carbonDir.resolve("log"),
                "PID_DIR = " + carbonDir.resolve("run"),
                "ENABLE_LOGROTATION = False",
                "USER =",
                "MAX_CACHE_SIZE = inf",
                "MAX_UPDATES_PER_SECOND = inf",
                "MAX_CREATES_PER_MINUTE = inf",
                "LINE_RECEIVER_INTERFACE = 127.0.0.1",
                "LINE_RECEIVER_PORT = " + carbonPort,
                "ENABLE_UDP_LISTENER = False",
                "PICKLE_RECEIVER_INTERFACE = 127.0.0.1",
                "PICKLE_RECEIVER_PORT = " + pickle,
                "CACHE_QUERY_INTERFACE = 127.0.0.1",
                "CACHE_QUERY_PORT = " + cacheQuery,
                "LOG_UPDATES = False",
                "LOG_LISTENER_CONN_SUCCESS = False",
                "WHISPER_AUTOFLUSH = True", ""));
        // one-second points for a day, then minutes for five years: a point of the last day reads back exactly
        Files.writeString(carbonDir.resolve("storage-schemas.conf"),
                "[all]\npattern = .*\nretentions = 1s:1d,1m:5y\n");
        influx = new ProcessBuilder("influxd", "-config", influxConf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("influxd.log").toFile()).start();
        carbon = new ProcessBuilder("carbon-cache", "--config=" + carbonDir.resolve("carbon.conf"), "--nodaemon",
                "start").redirectErrorStream(true).redirectOutput(dir.resolve("carbon.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "ironcore-metric-servers-stop"));
        awaitUp();
    }

    /** Distinct free loopback ports: each is held open until all are chosen. */
    private static int[] freePorts(int n) throws IOException {
        java.net.ServerSocket[] held = new java.net.ServerSocket[n];
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                held[i] = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                ports[i] = held[i].getLocalPort();
            }
            return ports;
        } finally {
            for (java.net.ServerSocket s : held) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }

    static synchronized MetricServers shared() {
        if (shared == null) {
            try {
                shared = new MetricServers();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    private void awaitUp() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        boolean influxUp = false;
        boolean carbonUp = false;
        while (System.nanoTime() < deadline && !(influxUp && carbonUp)) {
            if (!influx.isAlive() || !carbon.isAlive()) {
                throw new IllegalStateException("a metric server died at start; see " + dir);
            }
            influxUp = influxUp || ping();
            carbonUp = carbonUp || open(carbonPort);
            sleep(200);
        }
        sleep(500);
        if (!influx.isAlive() || !carbon.isAlive()) {
            throw new IllegalStateException("a metric server died at start; see " + dir);
        }
        if (!influxUp || !carbonUp) {
            throw new IllegalStateException("metric servers not up within 60 s (influxdb " + influxUp + ", carbon "
                    + carbonUp + "); see " + dir);
        }
    }

    private boolean ping() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + influxPort + "/ping")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 204;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean open(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs an InfluxQL statement through {@code /query}; its JSON answer. */
    String influxQuery(String database, String q) {
        String url = "http://127.0.0.1:" + influxPort + "/query?" + (database == null ? ""
                : "db=" + URLEncoder.encode(database, StandardCharsets.UTF_8) + "&")
                + "q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("influx /query answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The whisper file of a Graphite path, in carbon's data directory. */
    Path whisperFile(String metricPath) {
        return dir.resolve("carbon/whisper").resolve(metricPath.replace('.', '/') + ".wsp");
    }

    /** {@code whisper-fetch}'s points of a metric path from {@code fromEpoch} on, without the empty ones. */
    List<String> whisperPoints(String metricPath, long fromEpoch) {
        Path file = whisperFile(metricPath);
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            Process p = new ProcessBuilder("whisper-fetch", "--from=" + fromEpoch, file.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out.lines().filter(l -> !l.endsWith("None")).map(String::strip).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void stop() {
        for (Process p : List.of(influx, carbon)) {
            p.destroy();
        }
        for (Process p : List.of(influx, carbon)) {
            try {
                if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
