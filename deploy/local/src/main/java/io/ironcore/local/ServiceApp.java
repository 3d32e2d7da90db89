package io.ironcore.local;

import io.ironcore.local.infra.ChildProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One packaged service (the Quarkus fast-jar in {@code <module>/target/quarkus-app}) running as a child JVM. */
public final class ServiceApp implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Service service;
    private final int port;
    private final ChildProcess process;

    private ServiceApp(Service service, int port, ChildProcess process) {
        this.service = service;
        this.port = port;
        this.process = process;
    }

    public static Path runner(Path repoRoot, Service service) {
        return repoRoot.resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public static ServiceApp start(Path repoRoot, Service service, int port, Map<String, String> env, Path logDir,
                                   String instance) {
        Path jar = runner(repoRoot, service);
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (mvn -DskipTests package)");
        }
        List<String> cmd = new ArrayList<>(List.of(ChildProcess.java(), "-Xms64m", "-Xmx384m",
                "-XX:+UseSerialGC", "-Xshare:auto"));
        cmd.addAll(List.of("-jar", jar.toString()));
        String name = instance == null ? service.module() : service.module() + "-" + instance;
        ChildProcess p = ChildProcess.start(name, cmd, env, repoRoot, logDir.resolve(name + ".log"));
        return new ServiceApp(service, port, p);
    }

    public Service service() {
        return service;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public ChildProcess process() {
        return process;
    }

    /** Waits until the readiness check answers UP. */
    public ServiceApp awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(process.name() + " exited with code " + process.process().exitValue()
                        + "; see " + process.log());
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return this;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        throw new IllegalStateException(process.name() + " not ready within " + timeout + ": " + last + "; see "
                + process.log());
    }

    /** A crash: SIGKILL, no shutdown hooks. */
    public void kill() {
        process.kill();
    }

    @Override
    public void close() {
        process.close();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
