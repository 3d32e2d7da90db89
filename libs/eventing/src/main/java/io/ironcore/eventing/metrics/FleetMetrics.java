package io.ironcore.eventing.metrics;

import io.ironcore.eventing.outbox.OutboxRelay;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.Collector;
import io.quarkus.arc.All;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Series about the fleet (every job, the queue, a datastore), not about this process: a service's replicas share one
 * database, so only one of them may export them, or a sum over the replicas would count each series N times. The
 * instance that leads the outbox relay exports them; the others export none, and the next leader takes over. Each
 * scrape reads the stored values, so the series survive restarts and a failover.
 *
 * <p>A service contributes with a bean implementing {@link FleetSeries}; {@code ironcore.metrics.fleet-export}
 * ({@code leader}, the default, {@code always} or {@code never}) overrides the choice.
 *
 * <p>{@code /q/metrics} writes them as text straight from the rows ({@link MetricsEndpoint}, {@link Exposition}) and
 * the registry's own meters after them; a scrape of the registry by other means gets them through a collector.
 */
@ApplicationScoped
public class FleetMetrics {
    private static final Logger LOG = Logger.getLogger(FleetMetrics.class);

    /** Families of fleet-wide series, built from stored values at scrape time. */
    public interface FleetSeries extends Supplier<List<Collector.MetricFamilySamples>> {
        /** Writes the families as text; by default those of {@link #get()}. */
        default void write(Exposition out) {
            out.families(get());
        }
    }

    /** Set while {@link MetricsEndpoint} scrapes the registry, having written the fleet families itself. */
    private static final ThreadLocal<Boolean> WRITTEN = new ThreadLocal<>();

    /** Up to 32 MiB of text pieces kept between scrapes: the fleet text of 15,000 jobs. */
    private final ChunkPool pool = new ChunkPool(512);

    @Inject
    MeterRegistry registry;
    @Inject
    OutboxRelay relay;
    @Inject
    @All
    List<FleetSeries> contributors;
    @ConfigProperty(name = "ironcore.metrics.fleet-export", defaultValue = "leader")
    String export;

    void register(@Observes StartupEvent event) {
        PrometheusMeterRegistry prometheus = prometheus(registry);
        if (prometheus == null) {
            LOG.warn("no Prometheus registry: fleet-wide series are not exported");
            return;
        }
        prometheus.getPrometheusRegistry().register(new Collector() {
            @Override
            public List<MetricFamilySamples> collect() {
                return exporting() && WRITTEN.get() == null ? samples() : List.of();
            }
        });
    }

    /** Whether this instance exports the fleet-wide series now. */
    public boolean exporting() {
        return switch (export) {
            case "always" -> true;
            case "never" -> false;
            default -> relay.role() == OutboxRelay.Role.LEADER;
        };
    }

    List<Collector.MetricFamilySamples> samples() {
        List<Collector.MetricFamilySamples> all = new ArrayList<>();
        for (FleetSeries s : contributors) {
            try {
                all.addAll(s.get());
            } catch (RuntimeException e) {
                LOG.warnf("fleet series %s failed: %s", s.getClass().getSimpleName(), e.toString());
            }
        }
        return all;
    }

    /**
     * Writes the fleet families as text, each contributor's as it completes them; none unless exporting. A contributor
     * that fails before any of its text was handed on is left out, as the collector leaves it out; one that fails
     * after returns false, and the scrape must not end as if it were whole.
     */
    public boolean write(Exposition.Format format, Exposition.Pieces pieces) {
        if (!exporting()) {
            return true;
        }
        for (FleetSeries s : contributors) {
            Exposition out = new Exposition(format, pool, pieces);
            try {
                s.write(out);
                out.flush();
            } catch (RuntimeException e) {
                LOG.warnf("fleet series %s failed: %s", s.getClass().getSimpleName(), e.toString());
                if (out.sent()) {
                    return false;
                }
            } finally {
                out.release();
            }
        }
        return true;
    }

    /** The registry's text without the fleet families, which the caller has written. */
    String scrapeWithoutFleet(PrometheusMeterRegistry prometheus, Exposition.Format format) {
        WRITTEN.set(Boolean.TRUE);
        try {
            return prometheus.scrape(format.contentType());
        } finally {
            WRITTEN.remove();
        }
    }

    static PrometheusMeterRegistry prometheus(MeterRegistry registry) {
        if (registry instanceof PrometheusMeterRegistry p) {
            return p;
        }
        if (registry instanceof CompositeMeterRegistry c) {
            for (MeterRegistry r : c.getRegistries()) {
                PrometheusMeterRegistry p = prometheus(r);
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }
}
