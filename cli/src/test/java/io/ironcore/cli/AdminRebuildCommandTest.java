package io.ironcore.cli;

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
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code admin rebuild}: the request it makes (POST, the admin token, replace or not), how it prints the service's
 * answer, and its exit codes. A stand-in for the service on the loopback answers with the shapes of the real
 * endpoint (notification-service's RebuildTest covers the rebuild itself).
 */
class AdminRebuildCommandTest {
    private HttpServer server;
    private String url;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String answer;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = IroncoreBackup.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private static final String EQUAL = """
            {"service":"notification-service","replaced":false,"events":31,"malformed":1,
             "liveRows":{"job_settings":10},"rebuiltRows":{"job_settings":10},"lag":0,"differencesFound":0,
             "differences":[]}""";
    private static final String DIFFERENT = """
            {"service":"notification-service","replaced":false,"events":31,"malformed":0,
             "liveRows":{"job_settings":10},"rebuiltRows":{"job_settings":10},"lag":2,"differencesFound":2,
             "differences":[
              {"table":"job_settings","key":"j-1","live":{"job_id":"j-1","notification_group":"corrupted",
               "version":"3"},"rebuilt":{"job_id":"j-1","notification_group":null,"version":"3"}},
              {"table":"job_settings","key":"j-2","live":null,"rebuilt":{"job_id":"j-2","version":"1"}}]}""";

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", status >= 400 ? "application/problem+json"
                    : "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
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
    void comparesByDefaultAndSaysTheProjectionIsEqual() {
        answer = EQUAL;
        Result r = run("admin", "rebuild", "--service", "notification-service", "--url", url, "--admin-token", "s3");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(requests).containsExactly("POST /api/v1/admin/rebuild Bearer s3");
        assertThat(r.out()).startsWith("notification-service: rebuilt and compared from 31 events (1 malformed left "
                + "out): equal to the live projection");
        assertThat(r.out()).containsPattern("job_settings +10 +10");
    }

    @Test
    void listsEachRowThatDiffersAndExitsThree() {
        answer = DIFFERENT;
        Result r = run("admin", "rebuild", "--service", "notification-service", "--url", url + "/");
        assertThat(r.code()).isEqualTo(ExitCodes.DIFFERENT);
        assertThat(r.out()).contains(": 2 rows differ")
                .contains("job_settings j-1: notification_group: corrupted -> null")
                .contains("job_settings j-2: not in the live projection")
                .contains("had not committed 2 of the replayed events");
    }

    @Test
    void replaceAsksForItAndExitsZeroEvenWhenRowsDiffered() {
        answer = DIFFERENT.replace("\"replaced\":false", "\"replaced\":true");
        Result r = run("admin", "rebuild", "--service", "notification-service", "--url", url, "--replace",
                "--output", "json");
        assertThat(r.code()).isZero();
        assertThat(requests).containsExactly("POST /api/v1/admin/rebuild?replace=true null");
        assertThat(r.out()).contains("\"differencesFound\" : 2");
    }

    @Test
    void aRefusalIsOneLineWithItsExitCode() {
        status = 401;
        answer = "{\"status\":401,\"title\":\"not authenticated\"}";
        Result unauthenticated = run("admin", "rebuild", "--service", "notification-service", "--url", url);
        assertThat(unauthenticated.code()).isEqualTo(ExitCodes.UNAUTHORIZED);
        assertThat(unauthenticated.err()).isEqualTo("ironcore-backup: not authenticated: give notification-service's "
                + "admin token with --admin-token or IRONCORE_ADMIN_TOKEN\n");

        status = 409;
        answer = "{\"status\":409,\"detail\":\"nothing changed: the live consumer was writing the same rows; run the "
                + "rebuild again\"}";
        Result conflict = run("admin", "rebuild", "--service", "notification-service", "--url", url);
        assertThat(conflict.code()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(conflict.err()).isEqualTo("ironcore-backup: nothing changed: the live consumer was writing the same "
                + "rows; run the rebuild again\n");
    }

    @Test
    void anUnknownServiceOrAServiceThatIsDownIsOneLine() {
        Result unknown = run("admin", "rebuild", "--service", "billing-service");
        assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).isEqualTo("ironcore-backup: --service: no rebuild for 'billing-service'; one of "
                + String.join(", ", AdminCommand.SERVICES.keySet()) + "\n");

        server.stop(0);
        Result down = run("admin", "rebuild", "--service", "notification-service", "--url", url);
        assertThat(down.code()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(down.err()).isEqualTo("ironcore-backup: cannot reach notification-service at " + url
                + " (is it running? set --url)\n");
    }

    @Test
    void jobServiceIsRebuiltWithTheAdminTokenNotAUsersToken() {
        assertThat(AdminCommand.SERVICES).containsEntry("job-service", "http://127.0.0.1:8080");
        answer = EQUAL.replace("notification-service", "job-service");
        Result r = run("admin", "rebuild", "--service", "job-service", "--url", url, "--admin-token", "s3");
        assertThat(r.code()).isEqualTo(ExitCodes.OK);
        assertThat(requests).containsExactly("POST /api/v1/admin/rebuild Bearer s3");
        requests.clear();
        assertThat(run("admin", "rebuild", "--service", "job-service", "--url", url, "--admin-token", "s3",
                "--replace", "--force").code()).isEqualTo(ExitCodes.OK);
        assertThat(requests).containsExactly("POST /api/v1/admin/rebuild?replace=true&force=true Bearer s3");

        status = 401;
        answer = "{\"status\":401,\"title\":\"not authenticated\"}";
        Result refused = run("admin", "rebuild", "--service", "job-service", "--url", url, "--admin-token", "x");
        assertThat(refused.code()).isEqualTo(ExitCodes.UNAUTHORIZED);
        assertThat(refused.err()).isEqualTo("ironcore-backup: not authenticated: give job-service's admin token with "
                + "--admin-token or IRONCORE_ADMIN_TOKEN (not a user's API token)\n");
    }
}
