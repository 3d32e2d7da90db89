package io.ironcore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dlq list} and {@code dlq replay} against a real broker, on a topic pair of their own: records as the
 * consumers' failure strategy writes them (the event's key, headers and data, plus the dead-letter headers).
 */
class DlqCommandTest {
    private static final String TOPIC = "ironcore-test.dlq-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String DLQ = TOPIC + ".dlq";
    private static String bootstrap;
    private static TopicProbe kafka;

    record Result(int code, String out, String err) {
    }

    @BeforeAll
    static void topics() throws Exception {
        bootstrap = IroncoreTestInfrastructure.shared().bootstrapServers();
        kafka = new TopicProbe(bootstrap);
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1), new NewTopic(DLQ, 2, (short) 1))).all().get();
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = IroncoreBackup.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private static Map<String, String> deadLetter(String id, String type, String reason) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("ce_specversion", "1.0");
        h.put("ce_id", id);
        h.put("ce_type", type);
        h.put("ce_source", "/ironcore/job-service");
        h.put("ce_subject", "runs/r-1");
        h.put("ce_time", "2026-11-26T02:00:00Z");
        h.put("content-type", "application/json");
        h.put("dead-letter-exception-class-name", "io.ironcore.eventing.consumer.DeadLetterException");
        h.put("dead-letter-reason", reason);
        h.put("dead-letter-topic", TOPIC);
        h.put("dead-letter-partition", "1");
        h.put("dead-letter-offset", "17");
        h.put("dead-letter-consumer-group", "notification-service.runs");
        h.put("dead-letter-time", "2026-11-26T02:03:00Z");
        return h;
    }

    @Test
    void listShowsTheDeadLettersAndReplayRepublishesEachEventOnceWithItsKeyHeadersAndData() throws Exception {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        byte[] data = "{\"runId\":\"r-1\",\"jobId\":\"j-1\"}".getBytes(StandardCharsets.UTF_8);
        kafka.send(DLQ, "job-1", deadLetter(first, "io.ironcore.backup.run.failed.v1",
                "gave up after 27 attempts over 9m51s: connection refused"), data);
        // the same event dead-lettered again (after a replay that failed once more): replayed once
        kafka.send(DLQ, "job-1", deadLetter(first, "io.ironcore.backup.run.failed.v1", "again"), data);
        kafka.send(DLQ, "job-2", deadLetter(second, "io.ironcore.backup.run.completed.v1",
                "malformed event: unknown field 'retension'"), data);
        kafka.send(DLQ, null, Map.of("dead-letter-reason", "not a CloudEvents 1.0 record"),
                "no headers at all".getBytes(StandardCharsets.UTF_8));

        Result list = run("dlq", "list", "--topic", TOPIC, "--bootstrap", bootstrap, "--output", "json");
        assertThat(list.code()).as(list.err()).isZero();
        JsonNode rows = Json.MAPPER.readTree(list.out());
        assertThat(rows).hasSize(4);
        JsonNode row = rows.findParents("id").stream().filter(n -> second.equals(n.path("id").asText()))
                .findFirst().orElseThrow();
        assertThat(row.path("type").asText()).isEqualTo("io.ironcore.backup.run.completed.v1");
        assertThat(row.path("topic").asText()).isEqualTo(TOPIC);
        assertThat(row.path("reason").asText()).isEqualTo("malformed event: unknown field 'retension'");
        assertThat(row.path("consumerGroup").asText()).isEqualTo("notification-service.runs");
        assertThat(row.path("partition").asText()).isEqualTo("1");
        assertThat(row.path("offset").asText()).isEqualTo("17");
        assertThat(row.path("deadLetteredAt").asText()).isEqualTo("2026-11-26T02:03:00Z");

        Result text = run("dlq", "list", "--bootstrap", bootstrap);
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).startsWith("ID").contains("DEAD-LETTERED", first, second, TOPIC,
                "malformed event: unknown field 'retension'");

        // one event
        Result one = run("dlq", "replay", "--topic", TOPIC, "--id", second, "--bootstrap", bootstrap);
        assertThat(one.code()).as(one.err()).isZero();
        assertThat(one.out()).contains("replayed 1 event(s) from " + DLQ + " to " + TOPIC);
        List<TopicProbe.Rec> replayed = kafka.readAll(TOPIC);
        assertThat(replayed).hasSize(1);
        TopicProbe.Rec r = replayed.get(0);
        assertThat(r.ceId()).isEqualTo(second);
        assertThat(r.key()).isEqualTo("job-2");
        assertThat(r.value()).isEqualTo(data);
        assertThat(r.headers()).containsEntry("ce_type", "io.ironcore.backup.run.completed.v1")
                .containsEntry("ce_source", "/ironcore/job-service").containsEntry("ce_subject", "runs/r-1")
                .containsEntry("ce_time", "2026-11-26T02:00:00Z").containsEntry("ce_specversion", "1.0")
                .containsEntry("content-type", "application/json");
        assertThat(r.headers().keySet()).noneMatch(k -> k.startsWith("dead-letter-"));

        // all: each event id once; the record without an id is not an event and stays where it is
        Result all = run("dlq", "replay", "--topic", DLQ, "--bootstrap", bootstrap);
        assertThat(all.code()).as(all.err()).isZero();
        assertThat(all.out()).contains("replayed 2 event(s)").contains("skipped 1 record(s) without a ce_id");
        List<TopicProbe.Rec> after = kafka.readAll(TOPIC);
        assertThat(after.stream().filter(x -> first.equals(x.ceId()))).hasSize(1);
        // replayed twice on purpose: the consumers' inbox applies it once
        assertThat(after.stream().filter(x -> second.equals(x.ceId()))).hasSize(2);
        assertThat(after).hasSize(3);
    }

    @Test
    void badInputIsOneClearLineAndANonZeroExit() {
        Result noSuchTopic = run("dlq", "list", "--topic", "ironcore.nope", "--bootstrap", bootstrap);
        assertThat(noSuchTopic.code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(noSuchTopic.err().trim()).isEqualTo("ironcore-backup: no dead-letter topic ironcore.nope.dlq on "
                + "Kafka at " + bootstrap + " (and no topic ironcore.nope)");
        Result noSuchId = run("dlq", "replay", "--topic", TOPIC, "--id", "nope", "--bootstrap", bootstrap);
        assertThat(noSuchId.code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(noSuchId.err().trim()).isEqualTo("ironcore-backup: no dead-lettered event nope in " + DLQ);
        Result badName = run("dlq", "list", "--topic", "../etc", "--bootstrap", bootstrap);
        assertThat(badName.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(badName.err().lines()).hasSize(1);
        Result badBootstrap = run("dlq", "list", "--bootstrap", "not a host");
        assertThat(badBootstrap.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(badBootstrap.err().lines()).hasSize(1);
        Result badOutput = run("dlq", "list", "--bootstrap", bootstrap, "--output", "yaml");
        assertThat(badOutput.code()).isEqualTo(ExitCodes.USAGE);
        Result noTopic = run("dlq", "replay", "--bootstrap", bootstrap);
        assertThat(noTopic.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(kafka.readAll(TOPIC)).noneMatch(x -> "nope".equals(x.ceId()));
    }

    @Test
    void noBrokerIsUnreachableWithinSeconds() {
        long start = System.nanoTime();
        Result r = run("dlq", "list", "--bootstrap", "127.0.0.1:1");
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertThat(r.code()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.err().trim()).isEqualTo("ironcore-backup: cannot reach Kafka at 127.0.0.1:1 within 5 s");
        assertThat(r.out()).isEmpty();
        assertThat(seconds).isLessThan(15);
        Result replay = run("dlq", "replay", "--topic", TOPIC, "--bootstrap", "127.0.0.1:1");
        assertThat(replay.code()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(replay.err().lines()).hasSize(1);
    }
}
