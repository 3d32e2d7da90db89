package io.ironcore.notifications.delivery;

import io.ironcore.eventing.metrics.FleetMetrics;
import io.ironcore.eventing.metrics.Series;
import io.ironcore.events.notification.TargetType;
import io.prometheus.client.Collector;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ironcore_notifications_total{target_type,outcome}}: deliveries decided, by target type (webhook, email,
 * influxdb, graphite) and outcome (sent, failed), from the stored totals (so it survives restarts and counts each
 * delivery once across replicas; exported by the relay's leader). Every combination is there, 0 until one happens.
 */
@ApplicationScoped
public class NotificationSeries implements FleetMetrics.FleetSeries {
    static final String[] OUTCOMES = {"sent", "failed"};

    @Inject
    DeliveryStore store;

    @Override
    public List<Collector.MetricFamilySamples> get() {
        Map<String, Double> counts = new HashMap<>();
        for (Object[] row : store.totals()) {
            counts.put(row[0] + "|" + row[1], ((Number) row[2]).doubleValue());
        }
        Series s = Series.counter("ironcore_notifications",
                "Notification deliveries decided, by target type and outcome (sent, or failed after its retries)",
                "target_type", "outcome");
        for (TargetType t : TargetType.values()) {
            for (String outcome : OUTCOMES) {
                s.add(counts.getOrDefault(t.wire() + "|" + outcome, 0.0), t.wire(), outcome);
            }
        }
        return List.of(s.family());
    }
}
