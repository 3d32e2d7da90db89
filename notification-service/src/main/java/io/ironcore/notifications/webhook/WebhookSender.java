package io.ironcore.notifications.webhook;

import io.ironcore.egress.EgressPolicy;
import io.ironcore.egress.EgressRefusedException;
import io.ironcore.events.EventJson;
import io.ironcore.events.job.NotificationTarget;
import io.ironcore.notifications.config.NotificationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * POSTs a JSON body to a webhook, signed the Standard Webhooks way when a secret is set. A notification group's URL
 * (a tenant's) is checked by the egress policy before every attempt, retries too, and the connection goes to the
 * address that was checked ({@link PinnedPost}), so DNS rebinding cannot turn it inside. A refused URL or a redirect
 * (not followed) or a 4xx answer other than 408 and 429 is a {@link WebhookRefusedException}: a failed delivery, not
 * retried. Another non-2xx answer or an IO error is a failure the caller retries; messages show the URL without user
 * info or query; {@code webhook-id} stays the same across retries so receivers can
 * deduplicate. The receiver's answer body is never read.
 */
@ApplicationScoped
public class WebhookSender {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    @Inject
    NotificationConfig config;
    @Inject
    Clock clock;
    @Inject
    EgressPolicy policy;

    /** To a tenant's URL (a notification group's recipient): checked by the egress policy first. */
    public void send(URI url, String messageId, Object body) {
        EgressPolicy.Target target;
        try {
            target = policy.check(url);
        } catch (EgressRefusedException e) {
            throw new WebhookRefusedException(shown(url) + " is not allowed: " + e.reason());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("webhook " + shown(url) + ": host " + url.getHost()
                    + " does not resolve");
        }
        post(target, messageId, body);
    }

    /**
     * To the operators' own webhook (ironcore.notification.webhook-url): operator configuration, as trusted as the
     * allow list itself, so not checked against it; redirects are not followed here either.
     */
    public void sendToOperators(URI url, String messageId, Object body) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (url.getHost() == null || !scheme.equals("http") && !scheme.equals("https")) {
            throw new WebhookRefusedException(shown(url) + " is not allowed: not an http(s) URL with a host");
        }
        boolean https = scheme.equals("https");
        int port = url.getPort() == -1 ? (https ? 443 : 80) : url.getPort();
        try {
            List<InetAddress> addresses = List.of(InetAddress.getAllByName(url.getHost()));
            post(new EgressPolicy.Target(url, url.getHost(), port, https, addresses), messageId, body);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("webhook " + shown(url) + ": host " + url.getHost()
                    + " does not resolve");
        }
    }

    private void post(EgressPolicy.Target target, String messageId, Object body) {
        byte[] json = body instanceof byte[] bytes ? bytes : EventJson.write(body);
        long timestamp = clock.instant().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "ironcore-backup");
        headers.put("webhook-id", messageId);
        headers.put("webhook-timestamp", String.valueOf(timestamp));
        config.webhookSecret().ifPresent(secret ->
                headers.put("webhook-signature", sign(secret, messageId, timestamp, json)));
        String url = shown(target.url());
        PinnedPost.Answer answer;
        try {
            answer = PinnedPost.post(target, headers, json, CONNECT_TIMEOUT, config.webhookTimeout());
        } catch (IOException e) {
            throw new UncheckedIOException("webhook " + url + " unreachable: " + e.getMessage(), e);
        }
        if (answer.status() / 100 == 3) {
            throw new WebhookRefusedException("webhook " + url + " answered " + answer.status()
                    + ": redirect not followed");
        }
        if (permanent(answer.status())) {
            throw new WebhookRefusedException("webhook " + url + " answered " + answer.statusLine());
        }
        if (answer.status() / 100 != 2) {
            throw new IllegalStateException("webhook " + url + " answered " + answer.statusLine());
        }
    }

    /** A 4xx answer other than 408 (timeout) and 429 (too many requests): trying again would not change it. */
    public static boolean permanent(int status) {
        return status / 100 == 4 && status != 408 && status != 429;
    }

    /** A URL as messages show it: scheme, host, port and path; no user info, query or fragment (they may be secret). */
    public static String shown(URI url) {
        String s = url.toString();
        return NotificationTarget.parse(s).filter(t -> t.kind() == NotificationTarget.Kind.WEBHOOK)
                .map(NotificationTarget::shown).orElse(s.replaceAll("[?#].*$", ""));
    }

    /** {@code v1,} + base64(HMAC-SHA256(secret, id + "." + timestamp + "." + body)). */
    public static String sign(String secret, String id, long timestamp, byte[] body) {
        byte[] key = Base64.getDecoder().decode(secret.startsWith("whsec_") ? secret.substring(6) : secret);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
