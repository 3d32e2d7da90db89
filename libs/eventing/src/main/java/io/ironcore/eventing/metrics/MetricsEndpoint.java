package io.ironcore.eventing.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
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
 * rows ({@link FleetMetrics#write}), sent in 64 KiB pieces as the connection takes them, while the next query runs,
 * then the registry's own meters (JVM, HTTP, Kafka clients), which end the scrape ({@code # EOF} in OpenMetrics). The format is chosen from
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
        HttpServerResponse response = ctx.response();
        ManagedContext requestContext = Arc.container().requestContext();
        boolean activated = !requestContext.isActive();
        if (activated) {
            requestContext.activate();
        }
        try {
            String meters = fleet.scrapeWithoutFleet(prometheus, format);
            response.setChunked(true).putHeader("Content-Type", format.contentType());
            if (fleet.write(format, pieces -> send(response, pieces))) {
                response.end(meters);
            } else {
                response.reset(); // part of the fleet text was sent: a failed scrape, not a partial one
            }
        } finally {
            if (activated) {
                requestContext.terminate();
            }
        }
    }

    /** Writes complete text as the connection takes it; the pieces go back to the pool after, so each is copied. */
    private static void send(HttpServerResponse response, List<ByteBuffer> pieces) {
        try {
            for (ByteBuffer piece : pieces) {
                if (!awaitRoom(response)) {
                    throw new IllegalStateException("the scraper went away");
                }
                // off the heap, from Netty's pool, and back to it once written: no 20 MB of garbage per scrape,
                // and no second copy for the socket (Vert.x keeps a buffer it did not allocate from being released)
                ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer(piece.remaining());
                try {
                    direct.writeBytes(piece);
                    response.write(Buffer.buffer(direct)).onComplete(done -> direct.release());
                } catch (RuntimeException e) {
                    direct.release();
                    throw e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending the metrics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the scraper took nothing for " + WRITE_TIMEOUT_SECONDS + " s", e);
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
