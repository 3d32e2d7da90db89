package io.ironcore.notifications.config;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Optional;

/** The operators' own metric servers, prefix {@code ironcore.notification.metrics}. */
@ConfigMapping(prefix = "ironcore.notification.metrics")
public interface MetricServersConfig {
    /**
     * Metric server targets ({@code influxdb://…}, {@code influxdb2://…}, {@code graphite://…}, the notification
     * groups' syntax) that get the point of every run, prune and sync of every job and sync job, besides the
     * notification groups' own. Their addresses pass the egress policy like the groups' (open an inside address in
     * {@code ironcore.notification.allow-private}).
     */
    Optional<List<String>> servers();
}
