package io.ironcore.scheduler.purge;

import static io.ironcore.eventing.purge.EventStorePurge.deleteInBatches;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletes the ticks nobody needs any more, in batches of short statements (autocommit). Plain JDBC, so the storage
 * benchmark runs the very same statements.
 *
 * <p>What the scheduler needs of the tick table: its key stops a slot from being fired twice (a second instance with
 * a stale schedule, a rewound {@code next_due}), which can only happen within the catch-up window; where each job
 * goes on from is kept in {@code job_schedule} ({@code next_due}, {@code last_slot}), not here. A tick therefore goes
 * once it was fired before the cutoff, unless it is the latest tick of a job that still has a schedule: that one stays
 * whatever its age, so the last firing of every job stays visible and guarded.
 */
public final class TickPurge {
    static final String DELETE = "DELETE FROM tick WHERE tick_id IN (SELECT t.tick_id FROM tick t "
            + "WHERE t.fired_at < ? "
            + "AND (EXISTS (SELECT 1 FROM tick n WHERE n.job_id = t.job_id AND n.scheduled_for > t.scheduled_for) "
            + "OR NOT EXISTS (SELECT 1 FROM job_schedule s WHERE s.job_id = t.job_id)) "
            + "LIMIT ?)";

    private TickPurge() {
    }

    /** One purge of the ticks fired before {@code cutoff}; returns how many went. */
    public static long run(Connection c, Instant cutoff, int batchSize) throws SQLException {
        c.setAutoCommit(true);
        return deleteInBatches(c, DELETE, cutoff, batchSize);
    }

    /**
     * The configuration's errors, each naming its property, or null when it is sound: the retention must be longer
     * than the catch-up window (within which a slot may still be fired late), the batch and interval positive.
     */
    public static String configError(Duration tickRetention, Duration catchUpWindow, Duration interval,
                                     int batchSize) {
        StringBuilder errors = new StringBuilder();
        if (tickRetention.isNegative() || tickRetention.isZero() || tickRetention.compareTo(catchUpWindow) <= 0) {
            errors.append("ironcore.scheduler.purge.tick-retention must be longer than ironcore.scheduler"
                    + ".catch-up-window (").append(catchUpWindow).append("), was ").append(tickRetention).append("; ");
        }
        if (interval.isNegative() || interval.isZero()) {
            errors.append("ironcore.scheduler.purge.interval must be positive, was ").append(interval).append("; ");
        }
        if (batchSize < 1) {
            errors.append("ironcore.scheduler.purge.batch-size must be at least 1, was ").append(batchSize)
                    .append("; ");
        }
        return errors.isEmpty() ? null : errors.substring(0, errors.length() - 2);
    }
}
