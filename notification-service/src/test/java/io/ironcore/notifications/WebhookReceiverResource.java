package io.ironcore.notifications;

import io.ironcore.local.SmtpReceiver;
import io.ironcore.local.WebhookReceiver;
import io.ironcore.local.infra.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** A real HTTP webhook receiver and a real SMTP server for the test, and the service configured to use them. */
public class WebhookReceiverResource implements QuarkusTestResourceLifecycleManager {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static WebhookReceiver receiver;
    static SmtpReceiver smtp;

    @Override
    public Map<String, String> start() {
        receiver = WebhookReceiver.start(Ports.free(), null);
        smtp = SmtpReceiver.start(0, null);
        return Map.of("ironcore.notification.webhook-url", receiver.url("/hooks/ops"),
                "ironcore.notification.webhook-secret", SECRET,
                "quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.port", String.valueOf(smtp.port()),
                "quarkus.mailer.from", "ironcore-backup@backup.example.org");
    }

    @Override
    public void stop() {
        receiver.close();
        smtp.close();
    }
}
