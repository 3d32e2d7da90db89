package io.ironcore.jobs;

import io.ironcore.events.Topics;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.ironcore.jobs.Fixture.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed requests, each answered by a 4xx problem+json that names the field at fault, while no row changes and no
 * event reaches a topic.
 */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_jobs"))
class BadInputTest {
    private static final List<String> TABLES = List.of("job", "run", "workload", "datastore", "datastore_namespace",
            "project", "app_user", "api_token", "notification_group", "sync_job", "outbox_event");

    @Inject
    EntityManager em;

    /** One malformed request: who sends it, what, and what must come back. */
    record Case(String name, String user, String method, String path, String contentType,
                Map<String, String> headers, String body, int status, String field) {
    }

    private static String job(Map<String, String> replace) {
        String j = Fixture.job("bad-new");
        for (var e : replace.entrySet()) {
            assertThat(j).as("fixture has " + e.getKey()).contains(e.getKey());
            j = j.replace(e.getKey(), e.getValue());
        }
        return j;
    }

    private static Case post(String name, String body, String field) {
        return new Case(name, "admin", "POST", "/api/v1/jobs", "application/json", Map.of(), body, 400, field);
    }

    private static Case patch(String name, String ifMatch, String body, int status, String field) {
        Map<String, String> h = ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch);
        return new Case(name, "admin", "PATCH", "/api/v1/jobs/bad-target", "application/merge-patch+json", h, body,
                status, field);
    }

    static List<Case> cases() {
        String ten = IntStream.range(0, 10_000).mapToObj(i -> "\"w" + i + "\"").collect(Collectors.joining(","));
        String big = "{\"name\":\"big\",\"description\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}";
        List<Case> c = new ArrayList<>();
        // schedules
        c.add(post("schedule 25:00", job(Map.of("\"02:00\"", "\"25:00\"")), "schedule"));
        c.add(post("schedule wrapping range", job(Map.of("\"02:00\"", "\"Fri..Mon 01:00\"")), "schedule"));
        c.add(post("schedule misspelt weekday", job(Map.of("\"02:00\"", "\"Sunn 03:00\"")), "schedule"));
        c.add(post("schedule unknown zone", job(Map.of("\"02:00\"", "\"02:00 Mars/Olympus\"")), "schedule"));
        c.add(post("schedule two shortcuts", job(Map.of("\"02:00\"", "\"hourly daily\"")), "schedule"));
        c.add(post("schedule minute 60", job(Map.of("\"02:00\"", "\"*-*-* 02:60\"")), "schedule"));
        c.add(post("schedule 300 chars", job(Map.of("\"02:00\"", "\"" + "1".repeat(300) + "\"")), "schedule"));
        // retention
        c.add(post("keep-daily=-1", job(Map.of("keep-daily=7", "keep-daily=-1")), "retention"));
        c.add(post("keep-daily=0", job(Map.of("keep-daily=7", "keep-daily=0")), "retention"));
        c.add(post("keep-daily=1e9", job(Map.of("keep-daily=7", "keep-daily=1e9")), "retention"));
        c.add(post("keep-fortnightly=2", job(Map.of("keep-daily=7", "keep-fortnightly=2")), "retention"));
        c.add(post("repeated keep-daily", job(Map.of("keep-daily=7", "keep-daily=7, keep-daily=8")), "retention"));
        c.add(post("keep-daily without a value", job(Map.of("keep-daily=7", "keep-daily")), "retention"));
        c.add(post("keep-daily=1000000000", job(Map.of("keep-daily=7", "keep-daily=1000000000")), "retention"));
        // sources
        c.add(post("empty source list", job(Map.of("[\"12345\",\"12346\"]", "[]")), "sourceIds"));
        c.add(post("10,000 sources", job(Map.of("[\"12345\",\"12346\"]", "[" + ten + "]")), "sourceIds"));
        c.add(post("unknown source", job(Map.of("\"12346\"", "\"99999\"")), "sourceIds[1]"));
        c.add(post("duplicate source", job(Map.of("\"12346\"", "\"12345\"")), "sourceIds[1]"));
        c.add(post("blank source", job(Map.of("\"12346\"", "\"\"")), "sourceIds[1]"));
        c.add(post("source of a foreign project", job(Map.of("\"12346\"", "\"b-1\"")), "sourceIds[1]"));
        c.add(post("sources not a list", job(Map.of("[\"12345\",\"12346\"]", "\"12345\"")), "sourceIds"));
        c.add(post("filter with two fields", job(Map.of("\"type\":\"vm\"",
                "\"type\":\"vm\",\"include\":[{\"name\":\"web-*\",\"tag\":\"prod\"}]")), "include[0]"));
        c.add(post("filter glob with a slash", job(Map.of("\"type\":\"vm\"",
                "\"type\":\"vm\",\"include\":[{\"name\":\"../*\"}]")), "include[0].name"));
        c.add(post("filter of a foreign project", job(Map.of("\"type\":\"vm\"",
                "\"type\":\"vm\",\"exclude\":[{\"project\":\"nowhere\"}]")), "exclude[0].project"));
        // names and namespaces
        c.add(post("unicode name", job(Map.of("\"bad-new\"", "\"t\u00e4glich\"")), "name"));
        c.add(post("300-character name", job(Map.of("\"bad-new\"", "\"" + "a".repeat(300) + "\"")), "name"));
        c.add(post("upper-case name", job(Map.of("\"bad-new\"", "\"Daily\"")), "name"));
        c.add(post("missing name", job(Map.of("\"name\":\"bad-new\",", "")), "name"));
        c.add(post("namespace ../x", job(Map.of("\"production\"", "\"../x\"")), "namespace"));
        c.add(post("namespace 8 levels deep", job(Map.of("\"production\"", "\"a/b/c/d/e/f/g/h\"")), "namespace"));
        c.add(post("namespace not in the datastore", job(Map.of("\"production\"", "\"staging\"")), "namespace"));
        // other fields
        c.add(post("unknown datastore", job(Map.of("\"ibs-primary\"", "\"nowhere\"")), "datastore"));
        c.add(post("datastore of another project", job(Map.of("\"ibs-primary\"", "\"bravo-only\"")), "datastore"));
        c.add(post("mode differential", job(Map.of("\"type\":\"vm\"", "\"type\":\"vm\",\"mode\":\"differential\"")),
                "mode"));
        c.add(post("type lxc", job(Map.of("\"type\":\"vm\"", "\"type\":\"lxc\"")), "type"));
        c.add(post("time zone Mars/Olympus", job(Map.of("\"type\":\"vm\"",
                "\"type\":\"vm\",\"timezone\":\"Mars/Olympus\"")), "timezone"));
        c.add(post("notification mode sometimes", job(Map.of("\"always\"", "\"sometimes\"")), "notificationMode"));
        c.add(post("unknown notification group", job(Map.of("\"always\"", "\"always\",\"notificationGroup\":\"none\"")),
                "notificationGroup"));
        c.add(post("description of 2,000 characters", job(Map.of("\"type\":\"vm\"",
                "\"type\":\"vm\",\"description\":\"" + "d".repeat(2000) + "\"")), "description"));
        c.add(post("malformed JSON", "{\"name\":", "body"));
        c.add(post("JSON null", "null", "body"));
        // transport
        c.add(new Case("wrong content type", "admin", "POST", "/api/v1/jobs", "text/plain", Map.of(),
                Fixture.job("bad-text"), 415, null));
        c.add(new Case("11 MB body", "admin", "POST", "/api/v1/jobs", "application/json", Map.of(), big, 413,
                "body"));
        // concurrency and identity
        c.add(patch("PATCH without If-Match", null, "{\"schedule\":\"hourly\"}", 428, null));
        c.add(patch("PATCH with a stale If-Match", "\"0\"", "{\"schedule\":\"hourly\"}", 412, null));
        c.add(patch("PATCH with a bad schedule", "\"1\"", "{\"schedule\":\"Sunn 03:00\"}", 400, "schedule"));
        c.add(patch("PATCH with a bad retention", "\"1\"", "{\"retention\":\"keep-daily=0\"}", 400, "retention"));
        c.add(patch("PATCH that is not an object", "\"1\"", "[]", 400, "body"));
        c.add(patch("PATCH removing the datastore", "\"1\"", "{\"datastore\":null}", 400, "datastore"));
        c.add(new Case("job of a foreign project", "alice", "POST", "/api/v1/jobs/bravo-target/run?project=bravo",
                "application/json", Map.of(), null, 404, null));
        c.add(new Case("job in a foreign project", "alice", "POST", "/api/v1/jobs?project=bravo", "application/json",
                Map.of(), Fixture.job("planted"), 404, null));
        c.add(new Case("a name taken already", "admin", "POST", "/api/v1/jobs", "application/json", Map.of(),
                Fixture.job("bad-target"), 409, "name"));
        c.add(new Case("Idempotency-Key of 300 characters", "admin", "POST", "/api/v1/jobs/bad-target/run",
                "application/json", Map.of("Idempotency-Key", "k".repeat(300)), null, 400, "Idempotency-Key"));
        c.add(new Case("unknown state filter", "admin", "GET", "/api/v1/jobs?state=Sleeping", null, Map.of(), null,
                400, "state"));
        c.add(new Case("page size 0", "admin", "GET", "/api/v1/jobs?limit=0", null, Map.of(), null, 400, "limit"));
        c.add(new Case("forged cursor", "admin", "GET", "/api/v1/jobs?cursor=Zm9v", null, Map.of(), null, 400,
                "cursor"));
        c.add(new Case("sync job with a bad schedule", "admin", "POST", "/api/v1/sync-jobs", "application/json",
                Map.of(), "{\"name\":\"s\",\"sourceDatastore\":\"ibs-primary\",\"targetDatastore\":\"ibs-backup\","
                + "\"schedule\":\"Sun 4:30:77\"}", 400, "schedule"));
        c.add(new Case("datastore with a relative path", "admin", "POST", "/api/v1/datastores", "application/json",
                Map.of(), "{\"name\":\"rel\",\"path\":\"data/rel\"}", 400, "path"));
        c.add(new Case("workload without disks", "admin", "POST", "/api/v1/workloads", "application/json", Map.of(),
                "{\"id\":\"w-x\",\"name\":\"x\",\"disks\":[]}", 400, "disks"));
        c.add(new Case("no token", null, "GET", "/api/v1/jobs", null, Map.of(), null, 401, null));
        return c;
    }

    @Test
    void everyMalformedRequestIsAProblemAndLeavesNothingBehind() {
        Fixture.ensure();
        Fixture.admin().body(Fixture.job("bad-target")).post("/api/v1/jobs");
        Fixture.as(token("bob")).body("{\"name\":\"bravo-target\",\"sourceIds\":[\"b-1\"],"
                + "\"datastore\":\"ibs-primary\",\"namespace\":\"production\"}").post("/api/v1/jobs");
        TopicProbe kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
        awaitRelayed(kafka, Topics.JOB_EVENTS);
        awaitRelayed(kafka, Topics.RUN_REQUESTS);
        Map<String, Long> rows = counts();
        int jobEvents = kafka.readAll(Topics.JOB_EVENTS).size();
        int runRequests = kafka.readAll(Topics.RUN_REQUESTS).size();

        List<Case> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            Response r = send(c);
            String problem = c.name() + ": " + r.statusCode() + " " + r.contentType() + " " + abbreviate(r.asString());
            if (r.statusCode() != c.status() || !r.contentType().startsWith("application/problem+json")) {
                failures.add(problem);
                continue;
            }
            if (r.<Integer>path("status") != c.status() || r.<String>path("type") == null
                    || r.<String>path("detail") == null) {
                failures.add("incomplete problem, " + problem);
            } else if (c.field() != null && !r.<List<String>>path("errors.field").contains(c.field())) {
                failures.add("field " + c.field() + " not named, " + problem);
            }
        }
        assertThat(failures).isEmpty();
        assertThat(counts()).isEqualTo(rows);

        // nothing was emitted: the next good change is the only new record on the topics
        String id = Fixture.admin().body(Fixture.job("bad-after")).post("/api/v1/jobs").then().statusCode(201)
                .extract().path("id");
        kafka.await(Topics.JOB_EVENTS, rec -> id.equals(rec.key()), Duration.ofSeconds(30));
        assertThat(kafka.readAll(Topics.JOB_EVENTS)).hasSize(jobEvents + 1);
        assertThat(kafka.readAll(Topics.RUN_REQUESTS)).hasSize(runRequests);
    }

    /** Waits until the relay has published every event of the outbox to the topic (earlier tests' too). */
    private void awaitRelayed(TopicProbe kafka, String topic) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> kafka.readAll(topic).stream()
                .map(TopicProbe.Rec::ceId).collect(Collectors.toSet()).containsAll(outboxIds(topic)));
    }

    @Transactional
    @SuppressWarnings("unchecked")
    List<String> outboxIds(String topic) {
        return ((List<Object>) em.createNativeQuery("SELECT CAST(id AS text) FROM outbox_event WHERE topic = ?1")
                .setParameter(1, topic).getResultList()).stream().map(Object::toString).toList();
    }

    private static Response send(Case c) {
        RequestSpecification req = c.user() == null ? given()
                : given().auth().oauth2("admin".equals(c.user()) ? Fixture.ADMIN : token(c.user()));
        if (c.contentType() != null && c.body() != null) {
            req = req.contentType(c.contentType()).body(c.body());
        } else if (c.contentType() != null) {
            req = req.contentType(c.contentType());
        }
        req = req.headers(c.headers());
        return req.request(c.method(), c.path());
    }

    @Transactional
    Map<String, Long> counts() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String t : TABLES) {
            m.put(t, ((Number) em.createNativeQuery("SELECT count(*) FROM " + t).getSingleResult()).longValue());
        }
        return m;
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
