package io.ironcore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code job create|update --rpo}, the RPO in {@code job list} and {@code job show}, {@code job list --at-risk} and
 * {@code compliance} (exit 3 when a job is at risk). A stand-in for job-service on the loopback answers with the
 * shapes of the real API: the CLI's requests and rendering, not job-service's logic (job-service and e2e-tests cover
 * that).
 */
class RpoComplianceCommandTest {
    private HttpServer server;
    private String url;
    /** "METHOD path?query" of each request, with its body. */
    private final Map<String, String> requests = new ConcurrentHashMap<>();
    /** "METHOD path" answered with status and body. */
    private final Map<String, Object[]> answers = new ConcurrentHashMap<>();

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = IroncoreBackup.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private static final String PROTECTED = """
            {"state":"protected","atRisk":false,"rpo":"26h","rpoSeconds":93600,"rpoSource":"schedule",
             "lastGoodSnapshotAt":"2026-12-04T02:00:05Z","deadline":"2026-12-05T04:00:05Z"}""";
    private static final String STALE = """
            {"state":"stale","atRisk":true,"rpo":"2h","rpoSeconds":7200,"rpoSource":"job",
             "lastGoodSnapshotAt":"2026-12-03T22:00:00Z","atRiskSince":"2026-12-04T00:00:00Z"}""";
    private static final String PENDING = """
            {"state":"pending","atRisk":false,"rpo":"65m","rpoSeconds":3900,"rpoSource":"schedule",
             "deadline":"2026-12-04T05:05:00Z"}""";

    private static String job(String name, String rpo, String compliance) {
        return "{\"id\":\"id-" + name + "\",\"name\":\"" + name + "\",\"project\":\"default\",\"type\":\"vm\","
                + "\"mode\":\"incremental\",\"schedule\":\"*-*-* 02:00:00\",\"datastore\":\"ibs-primary\","
                + "\"namespace\":\"production\",\"state\":\"Scheduled\",\"enabled\":true,\"version\":3,"
                + "\"nextRunAt\":\"2026-12-05T02:00:00Z\",\"lastRun\":null"
                + (rpo == null ? "" : ",\"rpo\":\"" + rpo + "\"")
                + (compliance == null ? "" : ",\"compliance\":" + compliance) + "}";
    }

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/", exchange -> {
            String uri = exchange.getRequestURI().toString();
            requests.put(exchange.getRequestMethod() + " " + uri,
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            Object[] answer = answers.getOrDefault(exchange.getRequestMethod() + " " + exchange.getRequestURI()
                    .getPath(), new Object[] {404, "{\"status\":404,\"detail\":\"no such thing\"}"});
            byte[] bytes = ((String) answer[1]).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", (int) answer[0] >= 400 ? "application/problem+json"
                    : "application/json");
            exchange.getResponseHeaders().add("ETag", "\"3\"");
            exchange.sendResponseHeaders((int) answer[0], bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void rpoIsSentOnCreateAndClearedOnUpdate() throws Exception {
        answers.put("POST /api/v1/jobs", new Object[] {201, job("nightly", "26h", PROTECTED)});
        Result created = run("job", "create", "--name", "nightly", "--schedule", "02:00", "--repository",
                "ibs-primary", "--rpo", "26h", "--url", url);
        assertThat(created.code()).as(created.err()).isZero();
        JsonNode body = Json.MAPPER.readTree(requests.get("POST /api/v1/jobs"));
        assertThat(body.get("rpo").asText()).isEqualTo("26h");

        answers.put("GET /api/v1/jobs/nightly", new Object[] {200, job("nightly", "26h", PROTECTED)});
        answers.put("PATCH /api/v1/jobs/nightly", new Object[] {200, job("nightly", null, PROTECTED)});
        Result cleared = run("job", "update", "--name", "nightly", "--rpo", "", "--url", url);
        assertThat(cleared.code()).as(cleared.err()).isZero();
        JsonNode patch = Json.MAPPER.readTree(requests.get("PATCH /api/v1/jobs/nightly"));
        assertThat(patch.has("rpo")).isTrue();
        assertThat(patch.get("rpo").isNull()).isTrue();
        assertThat(patch.size()).isEqualTo(1);

        requests.clear();
        Result set = run("job", "update", "--name", "nightly", "--rpo", "90m", "--url", url);
        assertThat(set.code()).as(set.err()).isZero();
        assertThat(Json.MAPPER.readTree(requests.get("PATCH /api/v1/jobs/nightly")).get("rpo").asText())
                .isEqualTo("90m");
        assertThat(run("job", "update", "--help").out()).contains("--rpo", "clears");
    }

    @Test
    void aBadRpoIsOneLineNamingTheFlag() {
        answers.put("POST /api/v1/jobs", new Object[] {400, """
                {"type":"https://ironcore.io/problems/validation","title":"Invalid job","status":400,
                 "errors":[{"field":"rpo","message":"'soon' is not a duration such as 26h, 90m, 1d12h, 2w or PT26H"}]}"""});
        Result r = run("job", "create", "--name", "nightly", "--schedule", "02:00", "--rpo", "soon", "--url", url);
        assertThat(r.code()).isEqualTo(ExitCodes.INVALID);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).singleElement().isEqualTo(
                "ironcore-backup: --rpo: 'soon' is not a duration such as 26h, 90m, 1d12h, 2w or PT26H");
        assertThat(requests.get("POST /api/v1/jobs")).contains("\"rpo\":\"soon\"");
    }

    @Test
    void listShowsTheRpoColumnAndFiltersAtRisk() {
        answers.put("GET /api/v1/jobs", new Object[] {200, "{\"items\":[" + job("nightly", null, PROTECTED) + ","
                + job("hourly", "2h", STALE) + "," + job("fresh", null, PENDING) + "," + job("manual-only", null,
                null) + "],\"nextCursor\":null}"});
        Result r = run("job", "list", "--url", url);
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).matches(".*NEXT RUN +RPO");
        assertThat(lines.get(1)).startsWith("nightly").endsWith("2026-12-05T02:00:00Z  ok 26h");
        assertThat(lines.get(2)).startsWith("hourly").endsWith("AT RISK (stale)");
        assertThat(lines.get(3)).startsWith("fresh").endsWith("2026-12-05T02:00:00Z  pending");
        assertThat(lines.get(4)).startsWith("manual-only").endsWith("2026-12-05T02:00:00Z  -");
        assertThat(requests).containsKey("GET /api/v1/jobs?limit=500");

        assertThat(run("job", "list", "--at-risk", "--url", url).code()).isZero();
        assertThat(requests).containsKey("GET /api/v1/jobs?limit=500&atRisk=true");
        assertThat(run("job", "list", "--no-at-risk", "--url", url).code()).isZero();
        assertThat(requests).containsKey("GET /api/v1/jobs?limit=500&atRisk=false");
    }

    @Test
    void showPrintsTheRpoItsSourceAndTheCompliance() {
        answers.put("GET /api/v1/jobs/hourly", new Object[] {200, job("hourly", "2h", STALE)});
        Result r = run("job", "show", "--name", "hourly", "--url", url);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("(?m)^rpo\\s+2h \\(set on the job\\)$")
                .containsPattern("(?m)^compliance\\s+AT RISK \\(stale\\)$")
                .containsPattern("(?m)^lastGoodSnapshotAt\\s+2026-12-03T22:00:00Z$")
                .containsPattern("(?m)^atRiskSince\\s+2026-12-04T00:00:00Z$")
                .doesNotContainPattern("(?m)^deadline");

        answers.put("GET /api/v1/jobs/nightly", new Object[] {200, job("nightly", null, PROTECTED)});
        Result ok = run("job", "show", "--name", "nightly", "--url", url);
        assertThat(ok.out()).containsPattern("(?m)^rpo\\s+26h \\(from the schedule\\)$")
                .containsPattern("(?m)^compliance\\s+protected$")
                .containsPattern("(?m)^deadline\\s+2026-12-05T04:00:05Z$");

        answers.put("GET /api/v1/jobs/manual-only", new Object[] {200, job("manual-only", null, null)});
        assertThat(run("job", "show", "--name", "manual-only", "--url", url).out())
                .containsPattern("(?m)^compliance\\s+not monitored$").containsPattern("(?m)^rpo\\s+-$");
    }

    private static String overview(String jobs, int protectedJobs, int pending, int atRisk) {
        return "{\"at\":\"2026-12-04T04:00:00Z\",\"projects\":[{\"project\":\"default\",\"monitored\":"
                + (protectedJobs + pending + atRisk) + ",\"protected\":" + protectedJobs + ",\"pending\":" + pending
                + ",\"atRisk\":" + atRisk + ",\"unmonitored\":2,\"jobs\":[" + jobs + "]},"
                + "{\"project\":\"empty\",\"monitored\":0,\"protected\":0,\"pending\":0,\"atRisk\":0,"
                + "\"unmonitored\":0,\"jobs\":[]}]}";
    }

    @Test
    void complianceExitsThreeWhenAJobIsAtRisk() throws Exception {
        answers.put("GET /api/v1/compliance", new Object[] {200, overview(
                "{\"name\":\"hourly\",\"schedule\":\"hourly\",\"enabled\":true,\"compliance\":" + STALE + "},"
                        + "{\"name\":\"fresh\",\"schedule\":\"hourly\",\"enabled\":true,\"compliance\":" + PENDING
                        + "},{\"name\":\"nightly\",\"schedule\":\"02:00\",\"enabled\":true,\"compliance\":"
                        + PROTECTED + "}", 1, 1, 1)});
        Result r = run("compliance", "--url", url, "--project", "default");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.AT_RISK).isEqualTo(3);
        assertThat(requests).containsKey("GET /api/v1/compliance?project=default");
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("default: 3 monitored, 1 protected, 1 pending, 1 at risk, 2 unmonitored");
        assertThat(lines.get(1).split("\\s{2,}")).containsExactly("NAME", "STATE", "RPO", "NEWEST GOOD SNAPSHOT",
                "DEADLINE", "AT RISK SINCE");
        assertThat(lines.get(2).split("\\s{2,}")).containsExactly("hourly", "AT RISK (stale)", "2h",
                "2026-12-03T22:00:00Z", "-", "2026-12-04T00:00:00Z");
        assertThat(lines.get(3).split("\\s{2,}")).containsExactly("fresh", "pending", "65m (schedule)", "-",
                "2026-12-04T05:05:00Z", "-");
        assertThat(lines.get(4).split("\\s{2,}")).containsExactly("nightly", "protected", "26h (schedule)",
                "2026-12-04T02:00:05Z", "2026-12-05T04:00:05Z", "-");
        assertThat(lines.subList(5, lines.size())).containsExactly("",
                "empty: 0 monitored, 0 protected, 0 pending, 0 at risk, 0 unmonitored");

        Result json = run("compliance", "--url", url, "--output", "json");
        assertThat(json.code()).isEqualTo(3);
        JsonNode parsed = Json.MAPPER.readTree(json.out());
        assertThat(parsed.at("/projects/0/jobs/0/compliance/state").asText()).isEqualTo("stale");
        assertThat(parsed.at("/projects/0/atRisk").asInt()).isEqualTo(1);
        assertThat(run("compliance", "--help").out()).contains("3  at least one job is at risk");
    }

    @Test
    void complianceExitsZeroWhenNoJobIsAtRisk() {
        answers.put("GET /api/v1/compliance", new Object[] {200, overview(
                "{\"name\":\"nightly\",\"schedule\":\"02:00\",\"enabled\":true,\"compliance\":" + PROTECTED + "}",
                1, 0, 0)});
        Result r = run("compliance", "--url", url);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("default: 1 monitored, 1 protected, 0 pending, 0 at risk, 2 unmonitored");
        Result bad = run("compliance", "--url", url, "--output", "yaml");
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err().lines()).hasSize(1);
        Result down = run("compliance", "--url", "http://127.0.0.1:1");
        assertThat(down.code()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(down.err().lines()).hasSize(1);
    }
}
