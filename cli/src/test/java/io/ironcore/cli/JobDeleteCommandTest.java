package io.ironcore.cli;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ironcore-backup job delete --name X --orphans keep|prune}: the policy goes to job-service as
 * {@code ?orphans=}; another value is one line and exit 2, and nothing is asked of job-service. (A stand-in for
 * job-service on the loopback: the CLI's requests, not job-service's logic, which its own tests cover.)
 */
class JobDeleteCommandTest {
    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private String url;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = IroncoreBackup.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/jobs/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @ParameterizedTest
    @CsvSource({"prune,prune,pruned with its last retention", "keep,keep,kept", ",keep,kept"})
    void thePolicyIsSentAndTold(String given, String sent, String told) {
        Result r = given == null ? run("job", "delete", "--name", "daily-prod-incr", "--url", url)
                : run("job", "delete", "--name", "daily-prod-incr", "--orphans", given, "--url", url,
                "--project", "default");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(requests).containsExactly("DELETE /api/v1/jobs/daily-prod-incr?orphans=" + sent
                + (given == null ? "" : "&project=default"));
        assertThat(r.out()).startsWith("deleted job daily-prod-incr").contains(told);
    }

    @ParameterizedTest
    @ValueSource(strings = {"archive", "", "KEEP", "keep\nprune"})
    void anotherValueIsOneLineAndExitTwoAndNothingIsDeleted(String orphans) {
        Result r = run("job", "delete", "--name", "daily-prod-incr", "--orphans", orphans, "--url", url);
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).startsWith("ironcore-backup: --orphans must be keep or prune");
        assertThat(r.out()).isEmpty();
        assertThat(requests).isEmpty();
    }
}
