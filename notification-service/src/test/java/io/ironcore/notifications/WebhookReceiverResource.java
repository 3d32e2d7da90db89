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
    /** A receiver on 127.0.0.1 at a port the egress policy does not open: it must get nothing. */
    static WebhookReceiver denied;
    /** Answers every request with 302 to {@link #redirectTarget}, which must get nothing (both are opened). */
    static Redirector redirector;
    static WebhookReceiver redirectTarget;
    /** Answers every POST with 404 (opened by the egress policy). */
    static WebhookReceiver notFound;
    /** A loopback port nothing listens on (opened by the egress policy): unreachable. */
    static int closedPort;
    /** The real InfluxDB 1.6 and carbon-cache of this JVM (opened by the egress policy). */
    static MetricServers metrics;

    @Override
    public Map<String, String> start() {
        metrics = MetricServers.shared();
        receiver = WebhookReceiver.start(Ports.free(), null);
        smtp = SmtpReceiver.start(0, null);
        denied = WebhookReceiver.start(Ports.free(), null);
        redirectTarget = WebhookReceiver.start(Ports.free(), null);
        redirector = Redirector.start(redirectTarget.url("/hooks/redirected"));
        notFound = WebhookReceiver.start(Ports.free(), null);
        notFound.failNext(Integer.MAX_VALUE, 404);
        closedPort = Ports.free();
        // exactly the receivers that are to get deliveries: the denied one's port is not listed
        String allow = String.join(",", "127.0.0.1:" + receiver.port(), "127.0.0.1:" + redirector.port(),
                "127.0.0.1:" + redirectTarget.port(), "127.0.0.1:" + notFound.port(), "127.0.0.1:" + closedPort,
                "127.0.0.1:" + metrics.influxPort, "127.0.0.1:" + metrics.carbonPort);
        return Map.of("ironcore.notification.webhook-url", receiver.url("/hooks/ops"),
                "ironcore.notification.webhook-secret", SECRET,
                "ironcore.notification.allow-private", allow,
                "quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.port", String.valueOf(smtp.port()),
                "quarkus.mailer.from", "ironcore-backup@backup.example.org");
    }

    @Override
    public void stop() {
        receiver.close();
        smtp.close();
        denied.close();
        redirector.close();
        redirectTarget.close();
        notFound.close();
    }
}
