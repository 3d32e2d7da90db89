package io.ironcore.notifications;

import io.ironcore.local.WebhookReceiver;
import io.ironcore.local.infra.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** A real HTTP webhook receiver for the test, and the service configured to post to it. */
public class WebhookReceiverResource implements QuarkusTestResourceLifecycleManager {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static WebhookReceiver receiver;

    @Override
    public Map<String, String> start() {
        receiver = WebhookReceiver.start(Ports.free(), null);
        return Map.of("ironcore.notification.webhook-url", receiver.url("/hooks/ops"),
                "ironcore.notification.webhook-secret", SECRET);
    }

    @Override
    public void stop() {
        receiver.close();
    }
}
