package io.ironcore.scheduler.purge;

import io.ironcore.scheduler.config.SchedulerConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;

/**
 * Runs {@link TickPurge} every {@code ironcore.scheduler.purge.interval} (quarkus-scheduler). A configuration that
 * could purge a tick still needed fails the start with the property named. A failed run is logged and the next one
 * tries again.
 */
@ApplicationScoped
public class TickPurgeScheduler {
    private static final Logger LOG = Logger.getLogger(TickPurgeScheduler.class);

    @Inject
    SchedulerConfig config;
    @Inject
    DataSource dataSource;
    @Inject
    Clock clock;

    void check(@Observes StartupEvent event) {
        SchedulerConfig.Purge p = config.purge();
        String error = TickPurge.configError(p.tickRetention(), config.catchUpWindow(), p.interval(), p.batchSize());
        if (error != null) {
            throw new IllegalArgumentException(error);
        }
        if (!p.enabled()) {
            LOG.info("tick purge disabled");
        }
    }

    @Scheduled(every = "${ironcore.scheduler.purge.interval:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Disabled.class)
    void onSchedule() {
        try {
            runOnce();
        } catch (SQLException e) {
            LOG.warnf("tick purge failed, trying again in %s: %s", config.purge().interval(), e.toString());
        }
    }

    /** One purge now, on the service's clock; returns the number of ticks deleted. Also called by tests. */
    public long runOnce() throws SQLException {
        SchedulerConfig.Purge p = config.purge();
        Instant cutoff = clock.instant().minus(p.tickRetention());
        try (Connection c = dataSource.getConnection()) {
            long n = TickPurge.run(c, cutoff, p.batchSize());
            if (n > 0) {
                LOG.infof("purged %d ticks fired before %s", n, cutoff);
            }
            return n;
        }
    }

    /** The purge is off: {@code ironcore.scheduler.purge.enabled=false}. */
    @ApplicationScoped
    public static class Disabled implements Scheduled.SkipPredicate {
        @Inject
        SchedulerConfig config;

        @Override
        public boolean test(ScheduledExecution execution) {
            return !config.purge().enabled();
        }
    }
}
