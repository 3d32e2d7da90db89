package io.ironcore.notifications.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.List;
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

    /**
     * The inside addresses opened to the notification groups' webhooks (libs/egress). Off by default: loopback,
     * private (10/8, 172.16/12, 192.168/16), link-local, CGNAT, unique-local, multicast and metadata addresses, in
     * every IPv4 and IPv6 form, are refused before every delivery. A comma-separated list of CIDR ranges or single
     * addresses, each optionally with one port: {@code 10.0.0.0/8}, {@code 10.1.0.0/16:443}, {@code 127.0.0.1:8090},
     * {@code [fd00::/8]:443}. A metadata address is opened only by an entry naming that address alone. The operators'
     * {@link #webhookUrl()} is the operator's own setting and is not checked against this list. job-service reads the
     * same key to refuse such targets at the API; give both services the same value.
     */
    Optional<List<String>> allowPrivate();

    /** How long one delivery may take. */
    @WithDefault("10s")
    Duration webhookTimeout();
}
