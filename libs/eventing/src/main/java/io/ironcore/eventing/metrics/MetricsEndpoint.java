package io.ironcore.eventing.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code /q/metrics} in front of Quarkus' Prometheus handler: the fleet families written as text straight from their
 * rows ({@link FleetMetrics#render}), streamed in 64 KiB pieces as the connection takes them, then the registry's own
 * meters (JVM, HTTP, Kafka clients), which end the scrape ({@code # EOF} in OpenMetrics). The format is chosen from
 * the Accept header as Quarkus chooses it; a request that accepts neither format falls through to Quarkus' handler,
 * which refuses it (406). With the management interface on, Quarkus serves the metrics there, the fleet families
 * through {@link FleetMetrics}' collector.
 */
@ApplicationScoped
public class MetricsEndpoint {
    /** After Quarkus' authentication (-200) and authorization (-100) filters, before its Prometheus routes (1, 2). */
    static final int ORDER = 0;
    private static final long WRITE_TIMEOUT_SECONDS = 30;

    @Inject
    FleetMetrics fleet;
    @Inject
    MeterRegistry registry;
    @ConfigProperty(name = "quarkus.http.non-application-root-path", defaultValue = "q")
    String nonApplicationRoot;
    @ConfigProperty(name = "quarkus.micrometer.export.prometheus.path", defaultValue = "metrics")
    String metricsPath;
    @ConfigProperty(name = "quarkus.management.enabled", defaultValue = "false")
    boolean managementInterface;

    private PrometheusMeterRegistry prometheus;

    void install(@Observes Router router) {
        prometheus = FleetMetrics.prometheus(registry);
        if (prometheus == null || managementInterface) {
            return;
        }
        router.get(path(nonApplicationRoot, metricsPath)).order(ORDER)
                .produces("text/plain").produces("application/openmetrics-text")
                .blockingHandler(this::scrape, false);
    }

    /** Where Quarkus serves the metrics: the path, absolute or under the non-application root. */
    static String path(String nonApplicationRoot, String metricsPath) {
        if (metricsPath.startsWith("/")) {
            return metricsPath;
        }
        String root = nonApplicationRoot.replaceAll("^/+|/+$", "");
        return (root.isEmpty() ? "" : "/" + root) + "/" + metricsPath;
    }

    void scrape(RoutingContext ctx) {
        Exposition.Format format = Exposition.Format.forAccept(ctx.request().getHeader("Accept"));
        List<Exposition> fleetText;
        String meters;
        ManagedContext requestContext = Arc.container().requestContext();
        boolean activated = !requestContext.isActive();
        if (activated) {
            requestContext.activate();
        }
        try {
            fleetText = fleet.render(format);
            meters = fleet.scrapeWithoutFleet(prometheus, format);
        } finally {
            if (activated) {
                requestContext.terminate();
            }
        }
        HttpServerResponse response = ctx.response().setChunked(true)
                .putHeader("Content-Type", format.contentType());
        try {
            for (Exposition text : fleetText) {
                for (ByteBuffer chunk : text.chunks()) {
                    if (!awaitRoom(response)) {
                        return;
                    }
                    // a copy: the piece goes back to the pool when this scrape is done, written or not
                    response.write(Buffer.buffer(chunk.remaining()).setBytes(0, chunk));
                }
            }
            response.end(meters);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.reset();
        } catch (TimeoutException e) {
            response.reset();
        } finally {
            fleetText.forEach(Exposition::release);
        }
    }

    /** Waits while the connection's write queue is full; false once the client has gone. */
    private static boolean awaitRoom(HttpServerResponse response) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WRITE_TIMEOUT_SECONDS);
        while (response.writeQueueFull()) {
            if (response.closed()) {
                return false;
            }
            CompletableFuture<Void> room = new CompletableFuture<>();
            response.drainHandler(v -> room.complete(null));
            if (!response.writeQueueFull()) {
                break;
            }
            try {
                room.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            } catch (ExecutionException e) {
                return false;
            }
        }
        return !response.closed();
    }
}
