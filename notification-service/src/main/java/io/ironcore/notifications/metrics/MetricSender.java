package io.ironcore.notifications.metrics;

import io.ironcore.egress.EgressPolicy;
import io.ironcore.egress.EgressRefusedException;
import io.ironcore.events.job.NotificationTarget;
import io.ironcore.notifications.config.NotificationConfig;
import io.ironcore.notifications.webhook.PinnedPost;
import io.ironcore.notifications.webhook.WebhookRefusedException;
import io.ironcore.notifications.webhook.WebhookSender;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes metric points to a metric server target: InfluxDB 1.x ({@code POST /write?db=…&precision=s}, basic auth when
 * a user is given), InfluxDB 2.x ({@code POST /api/v2/write?org=…&bucket=…&precision=s}, {@code Authorization: Token}),
 * over http or https, or Graphite (plaintext lines over TCP). The server's address passes the same egress policy as
 * webhooks before every attempt, and the connection goes to the checked address. A refusal (the policy, a redirect, a
 * 4xx answer other than 408 and 429) is a {@link WebhookRefusedException}: failed, not retried; anything else thrown
 * (unreachable, a timeout, 5xx) is retried. Messages name the target without its credentials.
 */
@ApplicationScoped
public class MetricSender {
    @Inject
    EgressPolicy policy;
    @Inject
    NotificationConfig config;

    public void write(NotificationTarget target, String body) {
        NotificationTarget.MetricServer m = target.metric();
        if (target.kind() == NotificationTarget.Kind.GRAPHITE) {
            graphite(target, m, body);
        } else {
            influx(target, m, body);
        }
    }

    private void influx(NotificationTarget target, NotificationTarget.MetricServer m, String body) {
        String path = m.version() == 1 ? "write?db=" + enc(m.database()) + "&precision=s"
                : "api/v2/write?org=" + enc(m.org()) + "&bucket=" + enc(m.bucket()) + "&precision=s";
        EgressPolicy.Target checked = check(target, URI.create(m.egressUrl() + path));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/plain; charset=utf-8");
        headers.put("User-Agent", "ironcore-backup");
        if (m.user() != null) {
            headers.put("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((m.user() + ":" + m.password()).getBytes(StandardCharsets.UTF_8)));
        }
        if (m.token() != null) {
            headers.put("Authorization", "Token " + m.token());
        }
        PinnedPost.Answer answer;
        try {
            answer = PinnedPost.post(checked, headers, body.getBytes(StandardCharsets.UTF_8),
                    WebhookSender.CONNECT_TIMEOUT, config.webhookTimeout());
        } catch (IOException e) {
            throw new UncheckedIOException(target.shown() + " unreachable: " + e.getMessage(), e);
        }
        if (answer.status() / 100 == 3) {
            throw new WebhookRefusedException(target.shown() + " answered " + answer.status()
                    + ": redirect not followed");
        }
        if (WebhookSender.permanent(answer.status())) {
            throw new WebhookRefusedException(target.shown() + " answered " + answer.statusLine());
        }
        if (answer.status() / 100 != 2) {
            throw new IllegalStateException(target.shown() + " answered " + answer.statusLine());
        }
    }

    private void graphite(NotificationTarget target, NotificationTarget.MetricServer m, String body) {
        EgressPolicy.Target checked = check(target, URI.create(m.egressUrl()));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(checked.address(), checked.port()),
                    (int) WebhookSender.CONNECT_TIMEOUT.toMillis());
            socket.setSoTimeout((int) config.webhookTimeout().toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(body.getBytes(StandardCharsets.UTF_8));
            out.flush();
            socket.shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException(target.shown() + " unreachable: " + e.getMessage(), e);
        }
    }

    private EgressPolicy.Target check(NotificationTarget target, URI url) {
        try {
            return policy.check(url);
        } catch (EgressRefusedException e) {
            throw new WebhookRefusedException(target.shown() + " is not allowed: " + e.reason());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(target.shown() + ": host " + target.metric().host()
                    + " does not resolve");
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
