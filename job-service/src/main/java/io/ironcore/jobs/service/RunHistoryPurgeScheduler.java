package io.ironcore.jobs.service;

import io.ironcore.jobs.config.RunHistoryConfig;
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
 * Runs {@link RunHistoryPurge} every {@code ironcore.jobs.run-history.purge-interval} (quarkus-scheduler). A horizon
 * that is not positive fails the start with the property named. A failed run is logged and the next one tries again.
 */
@ApplicationScoped
public class RunHistoryPurgeScheduler {
    private static final Logger LOG = Logger.getLogger(RunHistoryPurgeScheduler.class);

    @Inject
    RunHistoryConfig config;
    @Inject
    DataSource dataSource;
    @Inject
    Clock clock;

    void check(@Observes StartupEvent event) {
        String error = RunHistoryPurge.configError(config.horizon(), config.purgeInterval(), config.batchSize());
        if (error != null) {
            throw new IllegalArgumentException(error);
        }
        if (!config.purge()) {
            LOG.info("run history purge disabled");
        }
    }

    @Scheduled(every = "${ironcore.jobs.run-history.purge-interval:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Disabled.class)
    void onSchedule() {
        try {
            runOnce();
        } catch (SQLException e) {
            LOG.warnf("run history purge failed, trying again in %s: %s", config.purgeInterval(), e.toString());
        }
    }

    /** One purge now, on the service's clock. Also called by tests. */
    public RunHistoryPurge.Result runOnce() throws SQLException {
        Instant cutoff = clock.instant().minus(config.horizon());
        try (Connection c = dataSource.getConnection()) {
            RunHistoryPurge.Result r = RunHistoryPurge.run(c, cutoff, config.batchSize());
            if (r.runs() + r.snapshots() + r.copies() > 0) {
                LOG.infof("purged %d runs, %d removed snapshots and %d removed copies from before %s", r.runs(),
                        r.snapshots(), r.copies(), cutoff);
            }
            return r;
        }
    }

    /** The purge is off: {@code ironcore.jobs.run-history.purge=false}. */
    @ApplicationScoped
    public static class Disabled implements Scheduled.SkipPredicate {
        @Inject
        RunHistoryConfig config;

        @Override
        public boolean test(ScheduledExecution execution) {
            return !config.purge();
        }
    }
}
