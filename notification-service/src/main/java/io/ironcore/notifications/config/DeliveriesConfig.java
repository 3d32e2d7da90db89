package io.ironcore.notifications.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/** The delivery table's purge, prefix {@code ironcore.notification.deliveries}. */
@ConfigMapping(prefix = "ironcore.notification.deliveries")
public interface DeliveriesConfig {
    /**
     * How long a decided delivery (sent or failed) is kept: as long as the inbox keeps the event ids
     * ({@code ironcore.eventing.purge.inbox-retention}, 30 days), so that a redelivered event still finds it. The
     * outcome totals (ironcore_notifications_total) are kept apart and do not shrink.
     */
    @WithDefault("30d")
    Duration retention();

    /** How often the purge runs (the first run one interval after start). */
    @WithName("purge-interval")
    @WithDefault("1h")
    Duration purgeInterval();
}
