package io.ironcore.eventing.metrics;

import io.ironcore.eventing.EventingConfig;
import io.ironcore.eventing.outbox.RelayProgress;
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
 * {@code ironcore_outbox_oldest_unsent_age_seconds{service}}: how long the oldest outbox row that the relay has not
 * published yet has waited (0 when none), by the database's clock, from the relay's stored progress
 * ({@link RelayProgress}): a row is unsent when its seq is above the highest one published or in a gap below it.
 * Every service has it; the instance leading the relay exports it ({@link FleetMetrics}).
 */
@ApplicationScoped
public class OutboxLag implements FleetMetrics.FleetSeries {
    public static final String NAME = "ironcore_outbox_oldest_unsent_age_seconds";

    /** Rows above the published seq, and rows in a gap (each gap through the seq index). */
    static final String SQL = "WITH p AS (SELECT published_seq, gap_from, gap_to FROM outbox_relay_progress "
            + "WHERE id = 1), pending AS ("
            + "SELECT COALESCE(e.created_at, e.time) AS t FROM outbox_event e "
            + "WHERE e.seq > COALESCE((SELECT published_seq FROM p), 0) "
            + "UNION ALL SELECT COALESCE(e.created_at, e.time) FROM p "
            + "CROSS JOIN LATERAL unnest(p.gap_from, p.gap_to) AS g(lo, hi) "
            + "JOIN outbox_event e ON e.seq BETWEEN g.lo AND g.hi) "
            + "SELECT GREATEST(0, COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - min(t)), 0)) FROM pending";

    @Inject
    DataSource dataSource;
    @Inject
    EventingConfig config;

    @Override
    public List<Collector.MetricFamilySamples> get() {
        try (Connection c = dataSource.getConnection()) {
            return List.of(family(service(config.source()), ageSeconds(c)));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the outbox: " + e.getMessage(), e);
        }
    }

    static Collector.MetricFamilySamples family(String service, double age) {
        return Series.gauge(NAME, "Seconds the oldest outbox event not yet published to Kafka has waited (0 when "
                + "none).", "service").add(age, service).family();
    }

    /** The age of the oldest unsent row, in seconds; 0 when none. */
    public static double ageSeconds(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(SQL); ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getDouble(1);
        }
    }

    /** The service's name: the last segment of its CloudEvents source ({@code /ironcore/job-service}). */
    static String service(String source) {
        String s = source.endsWith("/") ? source.substring(0, source.length() - 1) : source;
        return s.substring(s.lastIndexOf('/') + 1);
    }
}
