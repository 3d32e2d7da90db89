package io.ironcore.notifications.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Notification delivery, prefix {@code ironcore.notification}. */
@ConfigMapping(prefix = "ironcore.notification")
public interface NotificationConfig {
    /** Where every run notification is POSTed. Without it, nothing is sent. */
    Optional<URI> webhookUrl();

    /**
     * The Standard Webhooks signing secret ({@code whsec_} followed by base64). When set, every delivery carries
     * {@code webhook-id}, {@code webhook-timestamp} and {@code webhook-signature}.
     */
    Optional<String> webhookSecret();

    /** How long one delivery may take. */
    @WithDefault("10s")
    Duration webhookTimeout();
}
