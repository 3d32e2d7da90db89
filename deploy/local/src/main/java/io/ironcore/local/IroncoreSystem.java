package io.ironcore.local;

import io.ironcore.local.infra.InfraSettings;
import io.ironcore.local.infra.Infrastructure;
import io.ironcore.local.infra.Ports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole system on one machine: infrastructure first, then a database per service, then the packaged services.
 * Used by the local demo ({@link Main}) and by the end-to-end tests, which also stop, kill and restart services.
 */
public final class IroncoreSystem implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IroncoreSystem.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Path repoRoot;
    private final Path dataDir;
    private final Infrastructure infra;
    private final boolean freePorts;
    private final Map<Service, Map<String, String>> env;
    private final Map<Service, ServiceApp> apps = Collections.synchronizedMap(new EnumMap<>(Service.class));
    private final Map<Service, Integer> ports = new EnumMap<>(Service.class);

    private IroncoreSystem(Path repoRoot, Path dataDir, Infrastructure infra, boolean freePorts,
                           Map<Service, Map<String, String>> env) {
        this.repoRoot = repoRoot;
        this.dataDir = dataDir;
        this.infra = infra;
        this.freePorts = freePorts;
        this.env = env;
    }

    public static Builder builder(Path repoRoot, InfraSettings settings) {
        return new Builder(repoRoot, settings);
    }

    public static final class Builder {
        private final Path repoRoot;
        private final InfraSettings settings;
        private boolean freePorts;
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
            Infrastructure infra = Infrastructure.start(settings);
            try {
                for (Service s : Service.values()) {
                    infra.postgres().ensureDatabase(s.database());
                }
            } catch (RuntimeException e) {
                infra.close();
                throw e;
            }
            return new IroncoreSystem(repoRoot, settings.dataDir(), infra, freePorts, env);
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

    @Override
    public void close() {
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
