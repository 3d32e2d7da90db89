package io.ironcore.notifications.webhook;

import io.ironcore.egress.EgressPolicy;
import io.ironcore.local.WebhookReceiver;
import io.ironcore.notifications.config.NotificationConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sender against a real HTTP receiver on 127.0.0.1, with the policy's resolver in the test's hands: a name that
 * passed when the group was created and resolves to loopback at delivery time (DNS rebinding) is refused then, and a
 * delivery connects to the address that was checked, not to a second resolution.
 */
class WebhookSenderTest {
    private WebhookReceiver receiver;
    private final AtomicReference<String> dns = new AtomicReference<>();

    @BeforeEach
    void start() {
        receiver = WebhookReceiver.start(0, null);
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void aNameThatRebindsToLoopbackAfterItWasCheckedIsRefusedAtDeliveryAndTheReceiverGetsNothing() throws Exception {
        String url = "http://rebind.test:" + receiver.port() + "/hooks/team";
        EgressPolicy policy = policy("");
        dns.set("93.184.216.34"); // what job-service saw when the group was created
        assertThat(policy.check(url).address().getHostAddress()).isEqualTo("93.184.216.34");

        dns.set("127.0.0.1"); // and what the name says at delivery time
        assertThatThrownBy(() -> sender(policy).send(URI.create(url), "msg_1", Map.of("run", "r1")))
                .isInstanceOf(WebhookRefusedException.class)
                .hasMessage(url + " is not allowed: loopback address (rebind.test resolves to 127.0.0.1)");
        assertThat(receiver.deliveries()).isEmpty();
    }

    @Test
    void theConnectionGoesToTheCheckedAddressWithTheUrlsHostInTheHostHeader() {
        // the system cannot resolve rebind.test at all: only the checked address can have reached the receiver
        dns.set("127.0.0.1");
        String url = "http://rebind.test:" + receiver.port() + "/hooks/team?x=1";
        sender(policy("127.0.0.1:" + receiver.port())).send(URI.create(url), "msg_2", Map.of("run", "r2"));
        assertThat(receiver.deliveries()).singleElement().satisfies(d -> {
            assertThat(d.path()).isEqualTo("/hooks/team");
            assertThat(d.header("Host")).isEqualTo("rebind.test:" + receiver.port());
            assertThat(d.header("webhook-id")).isEqualTo("msg_2");
            assertThat(d.body()).isEqualTo("{\"run\":\"r2\"}");
        });
    }

    @Test
    void theOperatorsOwnWebhookIsOperatorConfigurationAndNotCheckedButAnErrorIsStillAFailure() {
        sender(policy("")).sendToOperators(URI.create(receiver.url("/hooks/ops")), "msg_3", Map.of("run", "r3"));
        assertThat(receiver.deliveries()).hasSize(1);
        receiver.failNext(1, 503);
        assertThatThrownBy(() -> sender(policy("")).sendToOperators(URI.create(receiver.url("/hooks/ops")), "msg_4",
                Map.of("run", "r4"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("answered HTTP/1.1 503");
    }

    private EgressPolicy policy(String allow) {
        return EgressPolicy.of(allow, host -> {
            if (!host.equals("rebind.test") || dns.get() == null) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[]{InetAddress.getByName(dns.get())};
        });
    }

    private static WebhookSender sender(EgressPolicy policy) {
        WebhookSender s = new WebhookSender();
        s.policy = policy;
        s.clock = Clock.fixed(Instant.parse("2026-12-03T02:00:00Z"), ZoneOffset.UTC);
        s.config = new NotificationConfig() {
            @Override
            public Optional<URI> webhookUrl() {
                return Optional.empty();
            }

            @Override
            public Optional<String> webhookSecret() {
                return Optional.empty();
            }

            @Override
            public Optional<List<String>> allowPrivate() {
                return Optional.empty();
            }

            @Override
            public Duration webhookTimeout() {
                return Duration.ofSeconds(5);
            }
        };
        return s;
    }
}
