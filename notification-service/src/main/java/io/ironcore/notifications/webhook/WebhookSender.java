package io.ironcore.notifications.webhook;

import io.ironcore.events.EventJson;
import io.ironcore.notifications.config.NotificationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;

/**
 * POSTs a JSON body to a webhook, signed the Standard Webhooks way when a secret is set. A non-2xx answer or an IO
 * error is a failure the caller retries; {@code webhook-id} stays the same across retries so receivers can
 * deduplicate.
 */
@ApplicationScoped
public class WebhookSender {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5)).build();

    @Inject
    NotificationConfig config;
    @Inject
    Clock clock;

    public void send(URI url, String messageId, Object body) {
        byte[] json = EventJson.write(body);
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(config.webhookTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "ironcore-backup")
                .header("webhook-id", messageId)
                .header("webhook-timestamp", String.valueOf(timestamp))
                .POST(HttpRequest.BodyPublishers.ofByteArray(json));
        config.webhookSecret().ifPresent(secret ->
                request.header("webhook-signature", sign(secret, messageId, timestamp, json)));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("webhook " + url + " answered " + response.statusCode());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("webhook " + url + " unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
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
