package io.ironcore.scheduler.service;

import io.ironcore.scheduler.config.SchedulerConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** quarkus-scheduler drives the due-check: every interval, fire what is due in the partitions this instance owns. */
@ApplicationScoped
public class TickLoop {
    private static final Logger LOG = Logger.getLogger(TickLoop.class);

    @Inject
    TickFirer firer;
    @Inject
    @io.smallrye.common.annotation.Identifier("schedule-ownership")
    Ownership ownership;
    @Inject
    SchedulerConfig config;

    @Scheduled(every = "${ironcore.scheduler.interval:250ms}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = LoopDisabled.class)
    void check() {
        int fired;
        do {
            fired = firer.fireDue(ownership.partitions());
            if (fired > 0) {
                LOG.debugf("fired %d ticks", fired);
            }
        } while (fired >= config.batch());
    }

    /** Tests that drive the firer by hand on a virtual clock turn the loop off. */
    @ApplicationScoped
    public static class LoopDisabled implements Scheduled.SkipPredicate {
        @Inject
        SchedulerConfig config;

        @Override
        public boolean test(io.quarkus.scheduler.ScheduledExecution execution) {
            return !config.loop();
        }
    }
}
