package io.ironcore.worker.metrics;

import io.ironcore.datastore.DatastoreUsage;
import io.ironcore.eventing.metrics.FleetMetrics;
import io.ironcore.eventing.metrics.Series;
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
 * The datastores the workers wrote to, from their last stored measurement ({@code datastore_usage}, written by
 * {@code DatastoreUsageRefresh} after runs): {@code ironcore_datastore_used_bytes}, {@code _free_bytes} and
 * {@code _dedup_ratio}, labelled with the datastore's name; exported once, by the relay's leader.
 */
@ApplicationScoped
public class DatastoreSeries implements FleetMetrics.FleetSeries {
    public static final String USED = "ironcore_datastore_used_bytes";
    public static final String FREE = "ironcore_datastore_free_bytes";
    public static final String DEDUP = "ironcore_datastore_dedup_ratio";

    @Inject
    DataSource dataSource;

    @Override
    public List<Collector.MetricFamilySamples> get() {
        Series used = Series.gauge(USED, "Bytes the datastore's files take (chunks, indexes, manifests), as last "
                + "measured.", "datastore");
        Series free = Series.gauge(FREE, "Bytes still usable on the datastore's file system, as last measured.",
                "datastore");
        Series dedup = Series.gauge(DEDUP, "Logical bytes of the datastore's snapshots per stored chunk byte "
                + "(deduplication and compression; 1 when empty), as last measured.", "datastore");
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("SELECT datastore, "
                + "used_bytes, free_bytes, logical_bytes, chunk_bytes, chunks, snapshots FROM datastore_usage "
                + "ORDER BY datastore");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                String name = rs.getString(1);
                DatastoreUsage u = new DatastoreUsage(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7));
                used.add(u.usedBytes(), name);
                free.add(u.freeBytes(), name);
                dedup.add(u.dedupRatio(), name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the datastore usage: " + e.getMessage(), e);
        }
        return List.of(used.family(), free.family(), dedup.family());
    }
}
