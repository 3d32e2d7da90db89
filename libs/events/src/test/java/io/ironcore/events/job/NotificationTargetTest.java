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

    @Test
    void influxDb1TargetsAreReadStrictly() {
        NotificationTarget t = NotificationTarget.parse("influxdb://ops:s3cr:et@metrics.example.org:8086/ironcore")
                .orElseThrow();
        assertThat(t.kind()).isEqualTo(NotificationTarget.Kind.INFLUXDB);
        NotificationTarget.MetricServer m = t.metric();
        assertThat(m.version()).isEqualTo(1);
        assertThat(m.https()).isFalse();
        assertThat(m.host()).isEqualTo("metrics.example.org");
        assertThat(m.port()).isEqualTo(8086);
        assertThat(m.database()).isEqualTo("ironcore");
        assertThat(m.user()).isEqualTo("ops");
        assertThat(m.password()).isEqualTo("s3cr:et");
        assertThat(m.egressUrl()).isEqualTo("http://metrics.example.org:8086/");
        assertThat(t.shown()).isEqualTo("influxdb://ops@metrics.example.org:8086/ironcore").doesNotContain("s3cr");
        assertThat(t.toString()).doesNotContain("s3cr");
        NotificationTarget tls = NotificationTarget.parse("influxdbs://127.0.0.1:8086/db_1").orElseThrow();
        assertThat(tls.metric().https()).isTrue();
        assertThat(tls.metric().user()).isNull();
        assertThat(tls.metric().egressUrl()).isEqualTo("https://127.0.0.1:8086/");
        assertThat(NotificationTarget.problem("influxdb://ops:pw@metrics.example.org:8086/ironcore")).isEmpty();
    }

    @Test
    void influxDb2TargetsCarryOrgBucketAndAToken() {
        NotificationTarget t = NotificationTarget.parse("influxdb2s://:tok/en==@[::1]:8086/acme/backups").orElseThrow();
        NotificationTarget.MetricServer m = t.metric();
        assertThat(m.version()).isEqualTo(2);
        assertThat(m.https()).isTrue();
        assertThat(m.host()).isEqualTo("[::1]");
        assertThat(m.org()).isEqualTo("acme");
        assertThat(m.bucket()).isEqualTo("backups");
        assertThat(m.token()).isEqualTo("tok/en==");
        assertThat(t.shown()).isEqualTo("influxdb2s://[::1]:8086/acme/backups");
        assertThat(NotificationTarget.parse("influxdb2://influx:8086/acme/b").orElseThrow().metric().token())
                .isNull();
    }

    @Test
    void graphiteTargetsTakeAnOptionalPrefix() {
        NotificationTarget t = NotificationTarget.parse("graphite://carbon.example.org:2003/ironcore.prod")
                .orElseThrow();
        assertThat(t.kind()).isEqualTo(NotificationTarget.Kind.GRAPHITE);
        assertThat(t.metric().prefix()).isEqualTo("ironcore.prod");
        assertThat(t.metric().port()).isEqualTo(2003);
        assertThat(t.shown()).isEqualTo("graphite://carbon.example.org:2003/ironcore.prod");
        assertThat(NotificationTarget.parse("graphite://carbon:2003").orElseThrow().metric().prefix()).isNull();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "influxdb://metrics.example.org/ironcore|needs a host and a port",
            "influxdb://metrics.example.org:8086|exactly one database",
            "influxdb://metrics.example.org:8086/a/b|exactly one database",
            "influxdb://ops@metrics.example.org:8086/db|user:password",
            "influxdb://:pw@metrics.example.org:8086/db|user:password",
            "influxdb://metrics.example.org:99999/db|out of range",
            "influxdb://metrics.example.org:8086/db?u=x|no query",
            "influxdb://bad_host!:8086/db|not a valid host",
            "influxdb2://influx:8086/acme|an organization and a bucket",
            "influxdb2://user:tok@influx:8086/acme/b|':token@'",
            "influxdb2://:@influx:8086/acme/b|':token@'",
            "graphite://ops:pw@carbon:2003|no credentials",
            "graphite://carbon:2003/a/b|at most one prefix",
            "graphite://carbon:2003/a b|spaces",
            "graphite://carbon:2003/a$b|not a valid name",
            "INFLUXDB://metrics:8086/db|lower case"})
    void malformedMetricServersAreRefusedSayingWhy(String target, String why) {
        assertThat(NotificationTarget.problem(target)).hasValueSatisfying(m -> assertThat(m).contains(why));
        assertThat(NotificationTarget.parse(target)).isEmpty();
    }

    @Test
    void theWholeCheckTakesWebhooksAndAddressesAsTheApiGrammarDoes() {
        assertThat(NotificationTarget.problem("https://hooks.example.org/x")).isEmpty();
        assertThat(NotificationTarget.problem("ops@example.org")).isEmpty();
        assertThat(NotificationTarget.problem("team-chat")).contains(NotificationTarget.ANY_MESSAGE);
        assertThat(NotificationTarget.problem(" ")).contains("must not be blank");
        assertThat(NotificationTarget.problem("https://x.org/" + "a".repeat(NotificationTarget.MAX_LENGTH)))
                .hasValueSatisfying(m -> assertThat(m).contains("at most"));
    }

    @Test
    void shownTargetsCarryNoSecrets() {
        assertThat(NotificationTarget.parse("https://bot:pw@hooks.example.org:8443/a/b?token=xyz#f").orElseThrow()
                .shown()).isEqualTo("https://hooks.example.org:8443/a/b");
        assertThat(NotificationTarget.parse("http://127.0.0.1:8090/hooks?x=1").orElseThrow().shown())
                .isEqualTo("http://127.0.0.1:8090/hooks");
        assertThat(NotificationTarget.parse("mailto:ops@example.org").orElseThrow().shown())
                .isEqualTo("ops@example.org");
    }
}
