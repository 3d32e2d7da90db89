package io.ironcore.worker.metrics;

import io.ironcore.eventing.metrics.FleetMetrics;
import io.ironcore.eventing.metrics.Series;
import io.ironcore.worker.service.ClaimKind;
import io.ironcore.worker.service.ClaimState;
import io.prometheus.client.Collector;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The workers' queue, from the queue table every worker shares (exported once, by the relay's leader):
 * {@code ironcore_run_queue_depth{kind}} and {@code ironcore_run_queue_oldest_age_seconds{kind}}, kind {@code run}
 * (backups, verifications, GC) or {@code restore}. Waiting work is what a worker would claim: queued (also while a
 * retry waits out its delay), or running under a lease that expired (its worker died). Both kinds always have a
 * series, 0 when nothing waits, so {@code sum(ironcore_run_queue_depth)} is the whole queue.
 */
@ApplicationScoped
public class QueueSeries implements FleetMetrics.FleetSeries {
    public static final String DEPTH = "ironcore_run_queue_depth";
    public static final String OLDEST_AGE = "ironcore_run_queue_oldest_age_seconds";
    static final String RUN = "run";
    static final String RESTORE = "restore";

    private static final String SQL = "SELECT kind = ? AS restore, count(*), "
            + "GREATEST(0, EXTRACT(EPOCH FROM clock_timestamp() - min(queued_at))) FROM run_claim "
            + "WHERE state = ? OR (state = ? AND lease_until < now()) GROUP BY 1";

    @Inject
    DataSource dataSource;

    @Override
    public List<Collector.MetricFamilySamples> get() {
        long[] depth = new long[2];
        double[] age = new double[2];
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(SQL)) {
            q.setString(1, ClaimKind.RESTORE.column());
            q.setString(2, ClaimState.QUEUED.name());
            q.setString(3, ClaimState.RUNNING.name());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    int i = rs.getBoolean(1) ? 1 : 0;
                    depth[i] = rs.getLong(2);
                    age[i] = rs.getDouble(3);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the run queue: " + e.getMessage(), e);
        }
        return List.of(
                Series.gauge(DEPTH, "Work waiting in the workers' queue (queued, or held by an expired lease).", "kind")
                        .add(depth[0], RUN).add(depth[1], RESTORE).family(),
                Series.gauge(OLDEST_AGE, "Seconds the oldest waiting work has been queued (0 when none).", "kind")
                        .add(age[0], RUN).add(age[1], RESTORE).family());
    }
}
