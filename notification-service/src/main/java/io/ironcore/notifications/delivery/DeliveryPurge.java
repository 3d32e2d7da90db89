package io.ironcore.notifications.delivery;

import io.ironcore.eventing.purge.EventStorePurge;
import io.ironcore.notifications.config.DeliveriesConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes decided deliveries (sent or failed) older than {@code ironcore.notification.deliveries.retention}, in
 * batches, every {@code purge-interval}; pending ones always stay. Every instance runs it (the delete is idempotent).
 */
@ApplicationScoped
public class DeliveryPurge {
    private static final Logger LOG = Logger.getLogger(DeliveryPurge.class);
    static final String DELETE = "DELETE FROM delivery WHERE id IN (SELECT id FROM delivery WHERE state <> 'pending'"
            + " AND finished_at < ? LIMIT ?)";

    @Inject
    DataSource dataSource;
    @Inject
    DeliveriesConfig config;
    @Inject
    Clock clock;

    private ScheduledExecutorService timer;

    void start(@Observes StartupEvent event) {
        long every = config.purgeInterval().toMillis();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ironcore-delivery-purge");
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

    /** One purge now; the rows deleted, or -1 when it failed (tried again next time). */
    public long runOnce() {
        try (Connection c = dataSource.getConnection()) {
            long n = EventStorePurge.deleteInBatches(c, DELETE, clock.instant().minus(config.retention()), 5000);
            if (n > 0) {
                LOG.infof("purged %d decided deliveries older than %s", n, config.retention());
            }
            return n;
        } catch (Exception e) {
            LOG.warnf("delivery purge failed, trying again in %s: %s", config.purgeInterval(), e.toString());
            return -1;
        }
    }
}
