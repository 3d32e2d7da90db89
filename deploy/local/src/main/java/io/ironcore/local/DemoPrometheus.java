package io.ironcore.local;

import io.ironcore.local.infra.LocalPrometheus;
import io.ironcore.local.infra.Ports;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The local demo's Prometheus: started when {@code prometheus} is on the PATH, scraping the six services with
 * deploy/observability's config and rules, its data kept in the data directory. Without it the demo runs as
 * before and the banner says how to install it.
 */
final class DemoPrometheus {
    static final int PORT = 9090;

    private DemoPrometheus() {
    }

    /** Each service's {@code host:port} at the local demo's default ports (what prometheus.yml holds). */
    static Map<String, String> defaultTargets() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Service s : Service.values()) {
            m.put(s.module(), "127.0.0.1:" + s.defaultPort());
        }
        return m;
    }

    /** Each running service's {@code host:port}. */
    static Map<String, String> targets(IroncoreSystem system) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Service s : Service.values()) {
            URI url = URI.create(system.url(s));
            m.put(s.module(), url.getHost() + ":" + url.getPort());
        }
        return m;
    }

    /** Starts Prometheus on port 9090 (or a free one when 9090 is taken); empty when not installed or it failed. */
    static Optional<LocalPrometheus> startIfInstalled(IroncoreSystem system, Path dataDir) {
        if (!LocalPrometheus.installed()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalPrometheus.builder(dataDir.resolve("prometheus"))
                    .targets(targets(system))
                    .port(Ports.isOpen(PORT) ? 0 : PORT)
                    .start());
        } catch (RuntimeException e) {
            System.err.println("deploy/local/run: Prometheus did not start, going on without it: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The banner's line: Prometheus' URL, or how to get one. */
    static String bannerLine(LocalPrometheus prometheus) {
        if (prometheus == null) {
            return String.format("  %-22s not installed: %s, then restart%n", "Prometheus",
                    LocalPrometheus.INSTALL_HINT);
        }
        return String.format("  %-22s %s (alerts: %s/alerts; dashboard: deploy/observability/README.md)%n",
                "Prometheus", prometheus.url(), prometheus.url());
    }
}
