package io.ironcore.eventing.purge;

import io.ironcore.eventing.EventingConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link EventStorePurge} every {@code ironcore.eventing.purge.interval} on a thread of its own (not every
 * service has quarkus-scheduler). A failed run is logged and the next one tries again.
 */
@ApplicationScoped
public class PurgeScheduler {
    private static final Logger LOG = Logger.getLogger(PurgeScheduler.class);

    @Inject
    EventingConfig config;
    @Inject
    DataSource dataSource;

    private final EventStorePurge purge = new EventStorePurge();
    private ScheduledExecutorService timer;

    void start(@Observes StartupEvent event) {
        EventingConfig.Purge p = config.purge();
        if (!p.enabled()) {
            LOG.info("outbox and inbox purge disabled");
            return;
        }
        if (p.batchSize() < 1) {
            throw new IllegalArgumentException("ironcore.eventing.purge.batch-size must be at least 1");
        }
        long every = p.interval().toMillis();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "eventing-purge");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::runOnce, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** One purge now; also called by tests. */
    public EventStorePurge.Result runOnce() {
        EventingConfig.Purge p = config.purge();
        try (Connection c = dataSource.getConnection()) {
            EventStorePurge.Result r = purge.run(c, config.relay().slotName(), p.outboxRetention(),
                    p.inboxRetention(), p.batchSize());
            if (r.outboxDeleted() + r.inboxDeleted() > 0) {
                LOG.infof("purged %d published outbox rows (before %s) and %d inbox ids", r.outboxDeleted(),
                        r.outboxCutoff().map(Object::toString).orElse("-"), r.inboxDeleted());
            }
            return r;
        } catch (Exception e) {
            LOG.warnf("outbox and inbox purge failed, trying again in %s: %s", p.interval(), e.toString());
            return null;
        }
    }
}
