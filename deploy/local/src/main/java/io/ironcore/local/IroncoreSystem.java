package io.ironcore.local;

import io.ironcore.local.infra.InfraSettings;
import io.ironcore.local.infra.Infrastructure;
import io.ironcore.local.infra.Ports;
import io.ironcore.local.infra.Supervisor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The whole system on one machine: infrastructure first, then a database per service, then the packaged services.
 * Used by the local demo ({@link Main}) and by the end-to-end tests, which also stop, kill and restart services.
 */
public final class IroncoreSystem implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IroncoreSystem.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    /**
     * The setting that opens private addresses to notification deliveries (the egress policy: loopback and private
     * ranges are refused unless named here), given to notification-service, which delivers, and to job-service,
     * which checks a target when a group is created. The one place deploy/local names it.
     */
    public static final String ALLOW_PRIVATE_ENV = "IRONCORE_NOTIFICATION_ALLOW_PRIVATE";
    /** The backup-worker's source roots: the only directories it reads disk images from. */
    public static final String SOURCE_ROOTS_ENV = "IRONCORE_WORKER_SOURCE_ROOTS";

    private final Path repoRoot;
    private final Path dataDir;
    private final Infrastructure infra;
    private final boolean freePorts;
    private final Map<Service, Map<String, String>> env;
    private final Map<Service, ServiceApp> apps = Collections.synchronizedMap(new EnumMap<>(Service.class));
    private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
    /** Restarts what dies, in the demo; absent in the tests, which kill and restart services themselves. */
    private final Supervisor supervisor;
    /** Held while a supervisor restarts something and while closing, so nothing restarted outlives the close. */
    private final Object lifecycle = new Object();
    private boolean closing;

    private IroncoreSystem(Path repoRoot, Path dataDir, Infrastructure infra, boolean freePorts,
                           Map<Service, Map<String, String>> env, Supervisor supervisor) {
        this.repoRoot = repoRoot;
        this.dataDir = dataDir;
        this.infra = infra;
        this.freePorts = freePorts;
        this.env = env;
        this.supervisor = supervisor;
    }

    public static Builder builder(Path repoRoot, InfraSettings settings) {
        return new Builder(repoRoot, settings);
    }

    public static final class Builder {
        private final Path repoRoot;
        private final InfraSettings settings;
        private boolean freePorts;
        private Consumer<String> supervision;
        private Supervisor.Backoff backoff = Supervisor.Backoff.DEFAULT;
        private final Map<Service, Map<String, String>> env = new EnumMap<>(Service.class);

        private Builder(Path repoRoot, InfraSettings settings) {
            this.repoRoot = repoRoot;
            this.settings = settings;
            for (Service s : Service.values()) {
                env.put(s, new LinkedHashMap<>());
            }
        }

        /** Free ports instead of 8080-8085, so tests never collide with a running demo. */
        public Builder freePorts(boolean free) {
            this.freePorts = free;
            return this;
        }

        /**
         * Restarts a service (and the embedded Kafka broker) that dies after {@link #startAll()}, with a back-off,
         * saying so in one line each time; nothing is restarted once the system closes.
         */
        public Builder supervise(Consumer<String> say) {
            this.supervision = say;
            return this;
        }

        public Builder supervise(Consumer<String> say, Supervisor.Backoff backoff) {
            this.backoff = backoff;
            return supervise(say);
        }

        /**
         * Lets notifications reach exactly these receivers of this machine ({@code host:port}, e.g. the demo's
         * webhook receiver and SMTP server) and nothing else private.
         */
        public Builder allowPrivateReceivers(List<String> hostPorts) {
            String value = String.join(",", hostPorts);
            env(Service.NOTIFICATION, ALLOW_PRIVATE_ENV, value);
            return env(Service.JOB, ALLOW_PRIVATE_ENV, value);
        }

        public Builder env(Service service, String key, String value) {
            env.get(service).put(key, value);
            return this;
        }

        public Builder envAll(String key, String value) {
            env.values().forEach(m -> m.put(key, value));
            return this;
        }

        /** Starts the infrastructure and creates the databases; services start with {@link #startAll()}. */
        public IroncoreSystem build() {
            try {
                // the workers' source root must exist when they start
                Files.createDirectories(DemoData.imagesDir(settings.dataDir()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Infrastructure infra = Infrastructure.start(settings);
            try {
                for (Service s : Service.values()) {
                    infra.postgres().ensureDatabase(s.database());
                }
            } catch (RuntimeException e) {
                infra.close();
                throw e;
            }
            Supervisor supervisor = supervision == null ? null : new Supervisor(backoff, supervision);
            return new IroncoreSystem(repoRoot, settings.dataDir(), infra, freePorts, env, supervisor);
        }
    }

    /** Starts every service at once (they boot in parallel) and waits until all are ready; on failure stops all. */
    public IroncoreSystem startAll() {
        try {
            List<ServiceApp> started = new ArrayList<>();
            for (Service s : Service.values()) {
                started.add(launch(s, Map.of(), null));
            }
            for (ServiceApp app : started) {
                app.awaitReady(READY_TIMEOUT);
                LOG.info("{} ready at {}", app.service().module(), app.url());
            }
            if (supervisor != null) {
                infra.kafka().ifPresent(k -> supervisor.supervise("kafka", k.process(), () -> {
                    synchronized (lifecycle) {
                        requireOpen();
                        return k.restart();
                    }
                }));
                for (ServiceApp app : started) {
                    Service s = app.service();
                    supervisor.supervise(s.module(), app.process(), () -> {
                        synchronized (lifecycle) {
                            requireOpen();
                            return launch(s, Map.of(), null).process();
                        }
                    });
                }
            }
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public ServiceApp start(Service service, Map<String, String> overrides) {
        return launch(service, overrides, null).awaitReady(READY_TIMEOUT);
    }

    /** A further instance of a service (e.g. a second backup worker); it is stopped with the system. */
    public ServiceApp startInstance(Service service, String instance, Map<String, String> overrides) {
        int port = Ports.free();
        Map<String, String> e = environment(service, port, overrides);
        ServiceApp app = ServiceApp.start(repoRoot, service, port, e, dataDir.resolve("logs"), instance);
        extra.add(app);
        return app.awaitReady(READY_TIMEOUT);
    }

    private final List<ServiceApp> extra = Collections.synchronizedList(new ArrayList<>());

    private ServiceApp launch(Service service, Map<String, String> overrides, String instance) {
        ServiceApp old = apps.get(service);
        if (old != null && old.process().isAlive()) {
            throw new IllegalStateException(service.module() + " is already running");
        }
        int port = ports.computeIfAbsent(service, s -> freePorts ? Ports.free() : s.defaultPort());
        if (!freePorts) {
            Ports.requireFree(port, service.module());
        }
        ServiceApp app = ServiceApp.start(repoRoot, service, port, environment(service, port, overrides),
                dataDir.resolve("logs"), instance);
        apps.put(service, app);
        return app;
    }

    private Map<String, String> environment(Service service, int port, Map<String, String> overrides) {
        Map<String, String> e = new HashMap<>();
        e.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        e.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        e.put("QUARKUS_DATASOURCE_JDBC_URL", infra.postgres().jdbcUrl(service.database()));
        e.put("QUARKUS_DATASOURCE_USERNAME", infra.postgres().user());
        e.put("QUARKUS_DATASOURCE_PASSWORD", infra.postgres().password());
        e.put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
        if (service == Service.WORKER) {
            e.put("IRONCORE_WORKER_RESTORE_ROOT", dataDir.resolve("restores").toString());
            // the workers read disk images only from the images directory (the demo's, and the tests' images)
            e.put(SOURCE_ROOTS_ENV, DemoData.imagesDir(dataDir).toString());
        }
        e.putAll(env.get(service));
        e.putAll(overrides);
        return e;
    }

    public ServiceApp app(Service service) {
        ServiceApp app = apps.get(service);
        if (app == null) {
            throw new IllegalStateException(service.module() + " was not started");
        }
        return app;
    }

    public String url(Service service) {
        return app(service).url();
    }

    /** Graceful stop (SIGTERM). */
    public void stop(Service service) {
        app(service).close();
    }

    /** A crash (SIGKILL). */
    public void kill(Service service) {
        app(service).kill();
    }

    public Infrastructure infrastructure() {
        return infra;
    }

    public String bootstrapServers() {
        return infra.bootstrapServers();
    }

    public Path dataDir() {
        return dataDir;
    }

    private void requireOpen() {
        if (closing) {
            throw new IllegalStateException("the system is stopping");
        }
    }

    @Override
    public void close() {
        if (supervisor != null) {
            supervisor.close();
        }
        synchronized (lifecycle) {
            closing = true;
        }
        List<ServiceApp> all = new ArrayList<>(extra);
        all.addAll(apps.values());
        all.parallelStream().forEach(app -> {
            try {
                app.close();
            } catch (RuntimeException e) {
                LOG.warn("stopping {} failed", app.service(), e);
            }
        });
        infra.close();
    }
}
