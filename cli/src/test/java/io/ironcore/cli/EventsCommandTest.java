package io.ironcore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code events} against a real broker: CloudEvents in binary mode as the outbox relays publish them (ce_* headers,
 * the golden JSON payloads with ids of this test, key = job id) on the product's topics. Each test uses job names of
 * its own, so the tests see only their own events.
 */
class EventsCommandTest {
    private static final String PREFIX = "ev-" + UUID.randomUUID().toString().substring(0, 6) + "-";
    private static String bootstrap;
    private static KafkaProducer<String, byte[]> producer;
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = IroncoreBackup.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void broker() throws Exception {
        bootstrap = IroncoreTestInfrastructure.shared().bootstrapServers();
        Properties a = new Properties();
        a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(a)) {
            for (String t : List.of(Topics.RUN_EVENTS, Topics.RUN_REQUESTS, Topics.PRUNE_EVENTS,
                    Topics.COMPLIANCE_EVENTS)) {
                try {
                    admin.createTopics(List.of(new NewTopic(t, 3, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(TopicExistsException.class);
                }
            }
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(p);
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    /** An event: the golden payload of {@code shortType} with this job and run, published at {@code time}. */
    private static String publish(String shortType, String jobId, String jobName, String runId, Instant time)
            throws Exception {
        String type = EventTypes.PREFIX + shortType + ".v1";
        ObjectNode data;
        try (InputStream in = EventTypes.class.getResourceAsStream("/io/ironcore/events/golden/" + shortType
                + ".v1.json")) {
            data = (ObjectNode) Json.MAPPER.readTree(in);
        }
        data.put("jobId", jobId);
        if (data.has("jobName") || jobName != null) {
            if (jobName == null) {
                data.remove("jobName");
            } else {
                data.put("jobName", jobName);
            }
        }
        if (data.has("runId")) {
            data.put("runId", runId);
        }
        String id = UUID.randomUUID().toString();
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic(type), null, time.toEpochMilli(), jobId,
                Json.MAPPER.writeValueAsBytes(data));
        header(r, "ce_specversion", "1.0");
        header(r, "ce_id", id);
        header(r, "ce_type", type);
        header(r, "ce_source", "/ironcore/backup-worker");
        header(r, "ce_subject", "runs/" + runId);
        header(r, "ce_time", time.toString());
        header(r, "content-type", "application/json");
        producer.send(r).get();
        return id;
    }

    private static String topic(String type) {
        return io.ironcore.events.catalog.EventCatalog.byType(type).orElseThrow().topic();
    }

    private static void header(ProducerRecord<String, byte[]> r, String key, String value) {
        r.headers().add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static List<JsonNode> jsonLines(String out) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String l : out.lines().toList()) {
            lines.add(Json.MAPPER.readTree(l));
        }
        return lines;
    }

    @Test
    void typeAndJobAndRunSelectExactlyTheMatchingEventsAsCloudEventJsonLines() throws Exception {
        String job = PREFIX + "nightly";
        String other = PREFIX + "other";
        String jobId = UUID.randomUUID().toString();
        String r1 = UUID.randomUUID().toString();
        String r2 = UUID.randomUUID().toString();
        Instant t = NOW.minus(Duration.ofMinutes(30));
        publish("run.requested", jobId, job, r1, t);
        publish("run.started", jobId, job, r1, t.plusSeconds(1));
        String completed1 = publish("run.completed", jobId, job, r1, t.plusSeconds(2));
        publish("run.started", jobId, job, r2, t.plusSeconds(60));
        String failed = publish("run.failed", jobId, job, r2, t.plusSeconds(61));
        String completedOther = publish("run.completed", UUID.randomUUID().toString(), other,
                UUID.randomUUID().toString(), t.plusSeconds(62));
        publish("job.rpo-breached", jobId, job, null, t.plusSeconds(63));
        String completed2 = publish("run.completed", jobId, job, r2, t.plusSeconds(120));
        // no name in the payload: only its key (the job id) says whose it is
        String gc = publish("gc.completed", jobId, null, UUID.randomUUID().toString(), t.plusSeconds(121));

        Result r = run("events", "--type", "run.completed", "--job", job, "--output", "json", "--bootstrap",
                bootstrap);
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> events = jsonLines(r.out());
        assertThat(events).extracting(e -> e.get("id").asText()).containsExactly(completed1, completed2);
        JsonNode first = events.get(0);
        assertThat(first.get("specversion").asText()).isEqualTo("1.0");
        assertThat(first.get("type").asText()).isEqualTo(EventTypes.RUN_COMPLETED);
        assertThat(first.get("source").asText()).isEqualTo("/ironcore/backup-worker");
        assertThat(first.get("subject").asText()).isEqualTo("runs/" + r1);
        assertThat(first.get("time").asText()).isEqualTo(t.plusSeconds(2).toString());
        assertThat(first.get("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(first.at("/data/runId").asText()).isEqualTo(r1);
        assertThat(first.at("/data/jobName").asText()).isEqualTo(job);
        assertThat(first.at("/data/stats/bytesWritten").asLong()).isEqualTo(1931264);

        // the full type is the same filter; without --job every job's run.completed and nothing else
        Result full = run("events", "--type", EventTypes.RUN_COMPLETED, "--output", "json", "--bootstrap-servers",
                bootstrap);
        assertThat(full.code()).as(full.err()).isZero();
        List<JsonNode> all = jsonLines(full.out());
        assertThat(all).extracting(e -> e.get("type").asText()).containsOnly(EventTypes.RUN_COMPLETED);
        assertThat(all).extracting(e -> e.get("id").asText()).contains(completed1, completed2, completedOther);

        Result run2 = run("events", "--run", r2, "--type", "run.failed,run.completed", "--output", "json",
                "--bootstrap", bootstrap);
        assertThat(jsonLines(run2.out())).extracting(e -> e.get("id").asText()).containsExactly(failed, completed2);

        // by id, the event without a name counts too
        Result byId = run("events", "--job", jobId, "--type", "gc.completed", "--output", "json", "--bootstrap",
                bootstrap);
        assertThat(jsonLines(byId.out())).extracting(e -> e.get("id").asText()).containsExactly(gc);

        Result table = run("events", "--job", job, "--bootstrap", bootstrap);
        assertThat(table.code()).as(table.err()).isZero();
        List<String> lines = table.out().lines().toList();
        assertThat(lines.get(0).split("\\s+")).containsExactly("TIME", "TYPE", "JOB", "RUN", "SUMMARY");
        assertThat(lines).hasSize(1 + 7); // every event of the job but the nameless gc.completed, oldest first
        assertThat(lines.get(1).split("\\s{2,}")).startsWith(t.truncatedTo(ChronoUnit.SECONDS).toString(),
                "run.requested", job, r1);
        assertThat(lines.get(3).split("\\s{2,}")).containsExactly(t.plusSeconds(2).truncatedTo(ChronoUnit.SECONDS).toString(), "run.completed", job,
                r1, "incremental, 1 snapshot(s), 67108864 bytes read, 1931264 written");
        assertThat(lines.get(5)).contains("run.failed", r2);
        assertThat(lines.get(6)).contains("job.rpo-breached", job);
        assertThat(lines.get(7)).contains("run.completed", r2);
    }

    @Test
    void theNameIsResolvedToTheJobsIdWhenATokenIsConfigured() throws Exception {
        String job = PREFIX + "resolved";
        String jobId = UUID.randomUUID().toString();
        String completed = publish("run.completed", jobId, job, UUID.randomUUID().toString(), NOW.minusSeconds(20));
        String gc = publish("gc.completed", jobId, null, UUID.randomUUID().toString(), NOW.minusSeconds(10));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger asked = new AtomicInteger();
        server.createContext("/api/v1/jobs/", exchange -> {
            asked.incrementAndGet();
            boolean ours = exchange.getRequestURI().getPath().equals("/api/v1/jobs/" + job)
                    && "Bearer t0ken".equals(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = (ours ? "{\"id\":\"" + jobId + "\",\"name\":\"" + job + "\"}" : "{\"status\":404}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ours ? 200 : 404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            Result r = run("events", "--job", job, "--output", "json", "--bootstrap", bootstrap, "--url", url,
                    "--token", "t0ken");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(jsonLines(r.out())).extracting(e -> e.get("id").asText()).containsExactly(completed, gc);
            assertThat(asked.get()).isEqualTo(1);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void sinceSkipsOlderEvents() throws Exception {
        String job = PREFIX + "since";
        String jobId = UUID.randomUUID().toString();
        publish("run.completed", jobId, job, UUID.randomUUID().toString(), NOW.minus(Duration.ofHours(3)));
        publish("run.completed", jobId, job, UUID.randomUUID().toString(), NOW.minus(Duration.ofHours(2)));
        String recent = publish("run.completed", jobId, job, UUID.randomUUID().toString(),
                NOW.minus(Duration.ofMinutes(50)));
        String newest = publish("run.failed", jobId, job, UUID.randomUUID().toString(),
                NOW.minus(Duration.ofMinutes(5)));

        Result relative = run("events", "--job", job, "--since", "1h", "--output", "json", "--bootstrap", bootstrap);
        assertThat(relative.code()).as(relative.err()).isZero();
        assertThat(jsonLines(relative.out())).extracting(e -> e.get("id").asText()).containsExactly(recent, newest);

        Result rfc = run("events", "--job", job, "--since", NOW.minus(Duration.ofMinutes(10)).toString(), "--output",
                "json", "--bootstrap", bootstrap);
        assertThat(jsonLines(rfc.out())).extracting(e -> e.get("id").asText()).containsExactly(newest);
        Result all = run("events", "--job", job, "--output", "json", "--bootstrap", bootstrap);
        assertThat(jsonLines(all.out())).hasSize(4);
        Result none = run("events", "--job", job, "--since", "1m", "--bootstrap", bootstrap);
        assertThat(none.code()).isZero();
        assertThat(none.out().strip()).isEqualTo("no events");

        assertThat(EventsCommand.since("1d12h", NOW)).isEqualTo(NOW.minus(Duration.ofHours(36)));
        assertThat(EventsCommand.since("2026-12-04", NOW)).isEqualTo(Instant.parse("2026-12-04T00:00:00Z"));
        assertThat(EventsCommand.since("2026-12-04T03:00:00+01:00", NOW))
                .isEqualTo(Instant.parse("2026-12-04T02:00:00Z"));
    }

    @Test
    void followPrintsNewEventsUntilInterrupted() throws Exception {
        String job = PREFIX + "follow";
        String jobId = UUID.randomUUID().toString();
        String before = publish("run.started", jobId, job, UUID.randomUUID().toString(), NOW.minusSeconds(30));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int[] code = {-1};
        Thread follower = new Thread(() -> code[0] = IroncoreBackup.run(new String[] {"events", "--follow", "--job",
                job, "--output", "json", "--bootstrap", bootstrap}, new PrintWriter(out, true),
                new PrintWriter(err, true)));
        follower.start();
        try {
            await(() -> out.toString().contains(before), "the event before");
            String after = publish("run.completed", jobId, job, UUID.randomUUID().toString(), Instant.now());
            await(() -> out.toString().contains(after), "the event published while following");
            assertThat(jsonLines(out.toString())).extracting(e -> e.get("id").asText()).containsExactly(before, after);
        } finally {
            follower.interrupt();
            follower.join(10_000);
        }
        assertThat(follower.isAlive()).isFalse();
        assertThat(code[0]).as(err.toString()).isZero();
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("events --follow did not print " + what + " within 30 s");
            }
            Thread.sleep(100);
        }
    }

    @Test
    void definitionsAreReadOnlyWhenAskedForAndATombstoneIsADeletion() throws Exception {
        String jobId = UUID.randomUUID().toString();
        String name = PREFIX + "defined";
        Instant t = NOW.minus(Duration.ofMinutes(20));
        ObjectNode data;
        try (InputStream in = EventTypes.class.getResourceAsStream("/io/ironcore/events/golden/job.definition.v1.json")) {
            data = (ObjectNode) Json.MAPPER.readTree(in);
        }
        data.put("jobId", jobId).put("name", name);
        String defined = definition(jobId, t, Json.MAPPER.writeValueAsBytes(data));
        String deleted = definition(jobId, t.plusSeconds(1), null);

        Result json = run("events", "--type", "job.definition", "--job", jobId, "--output", "json", "--bootstrap",
                bootstrap);
        assertThat(json.code()).as(json.err()).isZero();
        List<JsonNode> lines = jsonLines(json.out());
        assertThat(lines).extracting(e -> e.get("id").asText()).containsExactly(defined, deleted);
        assertThat(lines.get(0).at("/data/name").asText()).isEqualTo(name);
        assertThat(lines.get(1).get("type").asText()).isEqualTo(EventTypes.JOB_DEFINITION);
        assertThat(lines.get(1).has("data")).as("a tombstone has no data").isFalse();
        assertThat(lines.get(1).has("datacontenttype")).isFalse();

        Result table = run("events", "--type", "job.definition", "--job", jobId, "--bootstrap", bootstrap);
        assertThat(table.code()).as(table.err()).isZero();
        List<String> rows = table.out().lines().toList();
        assertThat(rows).hasSize(1 + 2);
        assertThat(rows.get(1).split("\\s{2,}")).containsExactly(t.truncatedTo(ChronoUnit.SECONDS).toString(),
                "job.definition", name, "-", "version 3, paused");
        assertThat(rows.get(2).split("\\s{2,}")).containsExactly(t.plusSeconds(1).truncatedTo(ChronoUnit.SECONDS)
                .toString(), "job.definition", jobId, "-", "deleted (tombstone)");

        Result events = run("events", "--job", jobId, "--bootstrap", bootstrap);
        assertThat(events.code()).as(events.err()).isZero();
        assertThat(events.out().lines()).as("the state topic is not an event stream").containsExactly("no events");
    }

    /** A record of ironcore.job-definitions as the outbox relays it; {@code value} null: a tombstone. */
    private static String definition(String jobId, Instant time, byte[] value) throws Exception {
        String id = UUID.randomUUID().toString();
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(Topics.JOB_DEFINITIONS, null, time.toEpochMilli(),
                jobId, value);
        header(r, "ce_specversion", "1.0");
        header(r, "ce_id", id);
        header(r, "ce_type", EventTypes.JOB_DEFINITION);
        header(r, "ce_source", "/ironcore/job-service");
        header(r, "ce_subject", "jobs/" + jobId);
        header(r, "ce_time", time.toString());
        if (value != null) {
            header(r, "content-type", "application/json");
        }
        producer.send(r).get();
        return id;
    }

    @Test
    void badInputIsOneClearLineAndANonZeroExit() {
        Result type = run("events", "--type", "run.finished", "--bootstrap", bootstrap);
        assertThat(type.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(type.err().lines()).singleElement().asString()
                .startsWith("ironcore-backup: --type: unknown event type 'run.finished' (known: job.created, ");
        Result since = run("events", "--since", "yesterday", "--bootstrap", bootstrap);
        assertThat(since.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(since.err().lines()).singleElement().asString().startsWith("ironcore-backup: --since: 'yesterday'");
        Result output = run("events", "--output", "yaml", "--bootstrap", bootstrap);
        assertThat(output.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(output.out()).isEmpty();

        long start = System.nanoTime();
        Result down = run("events", "--bootstrap", "127.0.0.1:1");
        assertThat(down.code()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(down.err().lines()).singleElement().isEqualTo(
                "ironcore-backup: cannot reach Kafka at 127.0.0.1:1 within 5 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }
}
