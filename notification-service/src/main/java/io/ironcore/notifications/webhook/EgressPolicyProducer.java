package io.ironcore.notifications.webhook;

import io.ironcore.egress.EgressPolicy;
import io.ironcore.notifications.config.NotificationConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.util.List;

/** The egress policy of ironcore.notification.allow-private; an invalid entry stops the service at startup. */
public class EgressPolicyProducer {
    @Produces
    @Singleton
    EgressPolicy policy(NotificationConfig config) {
        return EgressPolicy.ofList(config.allowPrivate().orElse(List.of()), InetAddress::getAllByName);
    }
}
