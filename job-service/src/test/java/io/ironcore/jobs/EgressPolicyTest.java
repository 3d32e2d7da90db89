package io.ironcore.jobs;

import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhooks do not reach inside (issue 14, SSRF): a notification group's URL whose host is, or resolves to, an inside
 * address is a 400 that names the target and the rule, on create and on update, and nothing is persisted or emitted.
 * ironcore.notification.allow-private is not set here: every inside address is refused.
 */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_jobs"))
class EgressPolicyTest {
    @Inject
    EntityManager em;

    @BeforeEach
    void world() {
        Fixture.ensure();
        if (Fixture.admin().get("/api/v1/notification-groups").<List<String>>path("name")
                .stream().noneMatch("egress-group"::equals)) {
            Fixture.admin().body(Map.of("name", "egress-group", "targets", List.of("mailto:ops@example.org")))
                    .post("/api/v1/notification-groups").then().statusCode(201);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            http://169.254.169.254/latest/meta-data/ | cloud metadata address
            http://127.0.0.1:15432/                  | loopback address
            http://127.0.0.1:8080/api/v1/jobs        | loopback address
            http://[::1]:8085/                       | loopback address
            http://0x7f000001:19092/                 | loopback address (0x7f000001 is 127.0.0.1)
            http://2130706433:8080/                  | loopback address (2130706433 is 127.0.0.1)
            http://0177.0.0.1:8080/                  | loopback address (0177.0.0.1 is 127.0.0.1)
            http://127.1:8080/                       | loopback address (127.1 is 127.0.0.1)
            http://[::ffff:127.0.0.1]:8080/          | loopback address
            http://[fe80::1%25eth0]/                 | IPv6 zone ids are not allowed
            http://[fd00:ec2::254]/                  | cloud metadata address
            http://10.0.0.1/hook                     | private address
            http://192.168.1.1/hook                  | private address
            http://100.64.0.1/hook                   | shared address space (CGNAT)
            http://0.0.0.0:8080/                     | unspecified address
            http://localhost:8080/api/v1/jobs        | loopback address (localhost resolves to 127.0.0.1)
            http://LOCALHOST:15432/                  | loopback address (localhost resolves to 127.0.0.1)
            http://ops@hooks.example.org/x           | user info (credentials) in the URL is not allowed
            """)
    void anInsideTargetIsA400NamingItAndNothingIsPersisted(String target, String reason) {
        long groups = count("notification_group");
        long outbox = count("outbox_event");
        String message = target + " is not allowed: " + reason;

        Response created = Fixture.admin()
                .body(Map.of("name", "ssrf-group", "targets", List.of("mailto:ops@example.org", target)))
                .post("/api/v1/notification-groups");
        assertProblem(created, "targets[1]", message);
        assertThat(Fixture.admin().get("/api/v1/notification-groups").<List<String>>path("name"))
                .doesNotContain("ssrf-group");

        Response updated = Fixture.admin().body(Map.of("targets", List.of(target)))
                .put("/api/v1/notification-groups/egress-group");
        assertProblem(updated, "targets[0]", message);
        assertThat(Fixture.admin().get("/api/v1/notification-groups").<List<List<String>>>path("targets")
                .stream().flatMap(List::stream)).doesNotContain(target);
        assertThat(count("notification_group")).isEqualTo(groups);
        assertThat(count("outbox_event")).isEqualTo(outbox);
    }

    @Test
    void aPublicTargetAndANameThatDoesNotResolveNowAreAccepted() {
        // the delivery checks the name again when it resolves (notification-service, before every attempt)
        List<String> targets = List.of("https://93.184.216.34/hook", "https://hooks.example.org/ironcore");
        Fixture.admin().body(Map.of("targets", targets)).put("/api/v1/notification-groups/egress-group")
                .then().statusCode(200);
        Fixture.admin().body(Map.of("targets", List.of("mailto:ops@example.org")))
                .put("/api/v1/notification-groups/egress-group").then().statusCode(200);
    }

    private static void assertProblem(Response r, String field, String message) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        List<Map<String, String>> errors = r.path("errors");
        assertThat(errors).as(r.asString()).contains(Map.of("field", field, "message", message));
        assertThat(r.<String>path("detail")).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Transactional
    long count(String table) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM " + table).getSingleResult()).longValue();
    }
}
