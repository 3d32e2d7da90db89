package io.ironcore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line's own contract (issue 14): every bad input is one line on stderr with the exit code of
 * {@link ExitCodes}; every group and command answers {@code --help} with its own usage.
 */
class CommandLineContractTest {
    private HttpServer server;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = IroncoreBackup.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Every command's path from the top, e.g. [job], [job, create], ..., [calendar, next]. */
    private static List<List<String>> commands(CommandLine line, List<String> path) {
        List<List<String>> out = new ArrayList<>();
        line.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help")) {
                return;
            }
            List<String> p = new ArrayList<>(path);
            p.add(name);
            out.add(p);
            out.addAll(commands(sub, p));
        });
        return out;
    }

    @Test
    void everyGroupAndCommandAnswersHelpWithItsOwnUsage() {
        List<List<String>> all = commands(new CommandLine(new IroncoreBackup()), List.of());
        assertThat(all).extracting(p -> p.get(0)).contains("job", "run", "snapshot", "prune", "notification-group",
                "sync-job", "calendar", "backup", "restore", "verify", "sync");
        for (List<String> path : all) {
            for (String flag : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(path);
                args.add(flag);
                Result r = run(args.toArray(String[]::new));
                String name = "ironcore-backup " + String.join(" ", path);
                assertThat(r.code()).as(name + " " + flag + ": " + r.err()).isZero();
                assertThat(r.err()).as(name).isEmpty();
                assertThat(r.out()).as(name).startsWith("Usage: " + name);
                CommandLine sub = new CommandLine(new IroncoreBackup());
                for (String p : path) {
                    sub = sub.getSubcommands().get(p);
                }
                for (String child : sub.getSubcommands().keySet()) {
                    assertThat(r.out()).as(name + " lists " + child).containsPattern("(?m)^\\s+" + child + "\\s");
                }
            }
        }
    }

    @Test
    void anUnknownCommandIsOneLineAndExitTwo() {
        for (String[] args : List.of(new String[] {"datastore", "--help"}, new String[] {"datastore"},
                new String[] {"datastore", "list", "--url", "http://127.0.0.1:1"})) {
            Result r = run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
            assertThat(r.out()).isEmpty();
            assertThat(r.err().lines()).singleElement().isEqualTo(
                    "ironcore-backup: Unknown command: datastore (see 'ironcore-backup --help')");
        }
        for (String[] args : List.of(new String[] {"job", "frobnicate"}, new String[] {"job", "frobnicate", "--help"},
                new String[] {"calendar", "frobnicate"})) {
            Result r = run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
            assertThat(r.out()).isEmpty();
            assertThat(r.err().lines()).singleElement().isEqualTo("ironcore-backup: Unknown command: " + args[0]
                    + " frobnicate (see 'ironcore-backup " + args[0] + " --help')");
        }
        Result version = run("job", "--version");
        assertThat(version.code()).isZero();
        assertThat(version.out().strip()).isEqualTo("ironcore-backup 0.1.0");
        Result flag = run("job", "--frobnicate");
        assertThat(flag.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(flag.err().lines()).singleElement().isEqualTo("ironcore-backup: Unknown option: '--frobnicate'");
    }

    @Test
    void aGroupWithoutItsCommandShowsItsUsageOnStderrAndExitsTwo() {
        CommandLine top = new CommandLine(new IroncoreBackup());
        for (Map.Entry<String, CommandLine> group : top.getSubcommands().entrySet()) {
            if (group.getValue().getSubcommands().isEmpty()) {
                continue;
            }
            Result r = run(group.getKey());
            assertThat(r.code()).as(group.getKey()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.out()).isEmpty();
            List<String> lines = r.err().lines().toList();
            assertThat(lines.get(0)).isEqualTo("ironcore-backup: " + group.getKey() + " needs a command: "
                    + String.join(", ", group.getValue().getSubcommands().keySet()));
            assertThat(lines.get(1)).startsWith("Usage: ironcore-backup " + group.getKey());
        }
        Result none = run();
        assertThat(none.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.out()).isEmpty();
        assertThat(none.err().lines().findFirst().orElseThrow()).startsWith("ironcore-backup: give a command: job, ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a url", "127.0.0.1:8080", "localhost", "ftp://127.0.0.1/", "http://", "http:///api",
            "http:opaque", "http://127.0.0.1:99999", "http://127.0.0.1:8080/?x=1", "http://u:p@127.0.0.1:8080",
            "file:///etc/passwd"})
    void aUrlThatIsNoHttpUrlIsOneLineAndExitTwo(String url) {
        Result r = run("job", "list", "--url", url);
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).singleElement().isEqualTo("ironcore-backup: --url: not an http(s) URL: " + url);
    }

    @Test
    void theUrlOfTheEnvironmentAndOfTheConfigFileIsCheckedToo(@TempDir Path home) throws Exception {
        Path config = home.resolve("config");
        Files.writeString(config, "url=not a url\n");
        Result env = launch(Map.of("IRONCORE_URL", "not a url", "HOME", home.toString()), "job", "list");
        assertThat(env.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(env.err().lines()).singleElement().isEqualTo(
                "ironcore-backup: IRONCORE_URL: not an http(s) URL: not a url");
        Result file = launch(Map.of("IRONCORE_CONFIG", config.toString(), "HOME", home.toString()), "run", "list",
                "--job", "j");
        assertThat(file.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(file.err().lines()).singleElement().isEqualTo("ironcore-backup: url= in " + config
                + ": not an http(s) URL: not a url");
    }

    /** The command in a JVM of its own, with this environment (less any IRONCORE_ variable of ours). */
    private static Result launch(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), IroncoreBackup.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("IRONCORE_"));
        pb.environment().putAll(env);
        Path out = Files.createTempFile("cli-out", ".txt");
        Path err = Files.createTempFile("cli-err", ".txt");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("ironcore-backup " + String.join(" ", args) + " still running after 60 s");
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * A stand-in for job-service on the loopback that answers {@code path} with {@code body} (the shape of the real
     * answer) and remembers the request bodies: the CLI's rendering and requests, not job-service's logic (that is
     * tested in job-service and e2e-tests).
     */
    private String serve(String path, String body, Map<String, String> requests) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(path, exchange -> {
            requests.put(exchange.getRequestMethod() + " " + exchange.getRequestURI(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void aJobWithoutScheduleIsListedAsManual() throws Exception {
        String url = serve("/api/v1/jobs", """
                {"items":[
                 {"name":"on-demand","project":"default","mode":"incremental","schedule":"","datastore":"ibs-primary",
                  "namespace":"production","state":"Scheduled","nextRunAt":null,"lastRun":null},
                 {"name":"daily-prod-incr","project":"default","mode":"incremental","schedule":"*-*-* 02:00:00",
                  "datastore":"ibs-primary","namespace":"production","state":"Scheduled",
                  "nextRunAt":"2026-12-04T02:00:00Z","lastRun":null}],
                 "nextCursor":null}""", new ConcurrentHashMap<>());
        Result r = run("job", "list", "--url", url);
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0).split("\\s+")).containsExactly("NAME", "PROJECT", "MODE", "SCHEDULE", "DATASTORE",
                "NAMESPACE", "STATE", "LAST", "RUN", "NEXT", "RUN", "RPO");
        assertThat(lines.get(1).split("\\s+")).containsExactly("on-demand", "default", "incremental", "manual",
                "ibs-primary", "production", "Scheduled", "-", "manual", "-");
        assertThat(lines.get(2)).contains("*-*-* 02:00:00").endsWith("2026-12-04T02:00:00Z  -")
                .doesNotContain("manual");

        JsonNode json = Json.MAPPER.readTree(run("job", "list", "--url", url, "--output", "json").out());
        assertThat(json.get(0).get("schedule").asText()).isEmpty();
        assertThat(json.get(0).get("nextRunAt").isNull()).isTrue();
    }

    @Test
    void pruneSimulateOfAJobAsksJobServiceAndNamesEachRowsGroup() throws Exception {
        Map<String, String> requests = new ConcurrentHashMap<>();
        String url = serve("/api/v1/retention/simulate", """
                {"retention":"keep-daily=7","timezone":"UTC","kept":2,"peak":2,"generations":[
                 {"time":"2026-11-09T02:00:00Z","keep":true,"reason":"daily 1 of 7","removedAt":null,
                  "group":"ns/production/vm/12345","snapshotId":"ns/production/vm/12345/2026-11-09T02:00:00Z"},
                 {"time":"2026-11-09T02:00:20Z","keep":true,"reason":"daily 1 of 7","removedAt":null,
                  "group":"ns/production/vm/12346","snapshotId":"ns/production/vm/12346/2026-11-09T02:00:20Z"}]}""",
                requests);
        Result text = run("prune", "simulate", "--job", "daily-prod-incr", "--url", url, "--project", "default");
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(requests).containsEntry("POST /api/v1/retention/simulate?project=default",
                "{\"job\":\"daily-prod-incr\"}");
        List<String> lines = text.out().lines().toList();
        assertThat(lines.get(0).split("\\s+")).containsExactly("GROUP", "TIME", "KEEP", "REASON");
        assertThat(lines.get(1)).startsWith("ns/production/vm/12345").contains("keep").endsWith("daily 1 of 7");
        assertThat(lines.get(2)).startsWith("ns/production/vm/12346");

        Result json = run("prune", "simulate", "--job", "daily-prod-incr", "--url", url, "--retention",
                "keep-daily=7,keep-weekly=2", "--zone", "Europe/Berlin", "--output", "json");
        assertThat(json.code()).as(json.err()).isZero();
        assertThat(requests).containsEntry("POST /api/v1/retention/simulate",
                "{\"job\":\"daily-prod-incr\",\"retention\":\"keep-daily=7, keep-weekly=2\","
                        + "\"timezone\":\"Europe/Berlin\"}");
        JsonNode first = Json.MAPPER.readTree(json.out().lines().findFirst().orElseThrow());
        assertThat(first.get("group").asText()).isEqualTo("ns/production/vm/12345");
        assertThat(first.get("snapshotId").asText()).isEqualTo("ns/production/vm/12345/2026-11-09T02:00:00Z");
        assertThat(first.get("keep").asBoolean()).isTrue();

        Result zone = run("prune", "simulate", "--job", "daily-prod-incr", "--url", url, "--zone", "Mars/Olympus");
        assertThat(zone.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(zone.err().lines()).singleElement().isEqualTo(
                "ironcore-backup: --zone: unknown time zone 'Mars/Olympus'");
    }
}
