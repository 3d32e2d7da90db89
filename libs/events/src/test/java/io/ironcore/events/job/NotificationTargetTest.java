package io.ironcore.events.job;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotificationTargetTest {
    private static final Pattern GRAMMAR = Pattern.compile(NotificationTarget.PATTERN);

    @ParameterizedTest
    @ValueSource(strings = {"https://hooks.example.org/ironcore", "http://127.0.0.1:8090/hooks/team?x=1",
            "http://[::1]:8085/", "mailto:oncall@example.org", "ops@example.org"})
    void theApiGrammarTakesUrlsAndAddresses(String target) {
        assertThat(GRAMMAR.matcher(target).matches()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a target", "ftp://example.org/x", "team-chat", "http://ops@hooks.example.org/x",
            "ops@localhost", "HTTPS://hooks.example.org/", "https://", "mailto:", ""})
    void theApiGrammarRefusesTheRest(String target) {
        assertThat(GRAMMAR.matcher(target).matches()).isFalse();
    }

    @Test
    void aTargetIsAWebhookOrAnAddressOrNothing() {
        NotificationTarget hook = NotificationTarget.parse("https://hooks.example.org/a").orElseThrow();
        assertThat(hook.kind()).isEqualTo(NotificationTarget.Kind.WEBHOOK);
        assertThat(hook.value()).isEqualTo("https://hooks.example.org/a");

        NotificationTarget mail = NotificationTarget.parse("mailto:oncall@example.org").orElseThrow();
        assertThat(mail.kind()).isEqualTo(NotificationTarget.Kind.EMAIL);
        assertThat(mail.address()).isEqualTo("oncall@example.org");
        assertThat(mail.value()).isEqualTo("mailto:oncall@example.org");
        assertThat(NotificationTarget.parse("oncall@example.org").orElseThrow().address())
                .isEqualTo("oncall@example.org");

        assertThat(NotificationTarget.parse("team-chat")).isEmpty();
        assertThat(NotificationTarget.parse("@example.org")).isEmpty();
        assertThat(NotificationTarget.parse(null)).isEmpty();
    }

    @Test
    void aUrlStaysAWebhookForTheSenderToCheckEvenWhenTheGrammarRefusesIt() {
        // user info: the grammar refuses it, the egress policy names the reason; never mail to such a value
        assertThat(NotificationTarget.parse("http://ops@hooks.example.org/x").orElseThrow().kind())
                .isEqualTo(NotificationTarget.Kind.WEBHOOK);
        assertThatThrownBy(() -> NotificationTarget.parse("http://ops@hooks.example.org/x").orElseThrow().address())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theApiChecksEverythingMeantAsAUrlAgainstTheEgressPolicy() {
        assertThat(NotificationTarget.namesUrl("http://10.0.0.1/hook")).isTrue();
        assertThat(NotificationTarget.namesUrl("HTTPS://10.0.0.1/hook")).isTrue();
        assertThat(NotificationTarget.namesUrl("http://ops@hooks.example.org/x")).isTrue();
        assertThat(NotificationTarget.namesUrl("mailto:ops@example.org")).isFalse();
        assertThat(NotificationTarget.namesUrl("ftp://example.org/x")).isFalse();
        assertThat(NotificationTarget.namesUrl(null)).isFalse();
    }
}
