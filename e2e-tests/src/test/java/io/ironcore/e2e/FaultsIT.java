package io.ironcore.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.ironcore.datastore.BackupGroup;
import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.DatastoreVerifyReport;
import io.ironcore.datastore.Namespace;
import io.ironcore.datastore.SnapshotInfo;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.RunFailed;
import io.ironcore.events.run.RunProgress;
import io.ironcore.events.run.RunRequested;
import io.ironcore.events.run.RunSkipped;
import io.ironcore.events.run.RunStarted;
import io.ironcore.events.schedule.ScheduleTick;
import io.ironcore.local.DemoData;
import io.ironcore.local.Service;
import io.ironcore.local.infra.LocalKafka;
import io.ironcore.local.testing.TopicProbe;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault suite: what an operator's bad night does to the running system, each case asserting that nothing is lost
 * or duplicated. SIGKILL of the only worker mid-run; SIGKILL of the Kafka broker and of PostgreSQL (down a whole
 * minute) while runs and ticks are under way; a poison event on every consumed topic; a datastore disk that fills
 * up; the scheduler's clock jumping forward and back. The counts (runs requested, completed, failed, duplicated;
 * ticks due and fired; snapshots verified) go to {@code target/fault-suite.txt}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final Set<String> FINAL = Set.of("Completed", "Failed", "Skipped");

    private static SharedSystem s;
    private static Api api;
    private static final Map<String, long[]> LEDGER = new LinkedHashMap<>();
    private static final String[] COLUMNS = {"runs requested", "completed", "failed", "skipped", "duplicated", "ticks due",
            "ticks fired", "snapshots verified"};

    @BeforeAll
    static void start() {
        s = SharedSystem.get();
        api = s.api();
    }

    @AfterAll
    static void report() throws IOException {
        StringBuilder out = new StringBuilder("| case | " + String.join(" | ", COLUMNS) + " |\n|---|"
                + "---|".repeat(COLUMNS.length) + "\n");
        LEDGER.forEach((name, c) -> {
            out.append("| ").append(name);
            for (long v : c) {
                out.append(" | ").append(v);
            }
            out.append(" |\n");
        });
        Path file = s.repo.resolve("e2e-tests/target/fault-suite.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, out);
        System.out.println("fault suite:\n" + out);
    }

    @Test
    @Order(1)
    void aWorkerKilledMidRunAloneFinishesThatRunAfterItsRestartAndGoesOnClaiming() throws Exception {
        Path big = image("fault-kill", 256L << 20, 31);
        workload("fault-kill", big);
        job("fault-kill-job", "fault-kill", null);
        Path small = image("fault-after", 8L << 20, 32);
        workload("fault-after", small);
        job("fault-after-job", "fault-after", null);
        try {
            String runId = run("fault-kill-job");
            TopicProbe.Rec progress = s.kafka.await(Topics.RUN_EVENTS, r -> EventTypes.RUN_PROGRESS.equals(r.ceType())
                    && runId.equals(EventJson.read(r.value(), RunProgress.class).runId()), WAIT);
            assertThat(EventJson.read(progress.value(), RunProgress.class).workerId()).isEqualTo("worker-a");
            s.system.kill(Service.WORKER);
            assertThat(s.system.app(Service.WORKER).process().isAlive()).isFalse();
            assertThat(snapshots("fault-kill")).as("no partial snapshot").isEmpty();

            s.system.start(Service.WORKER, Map.of());
            JsonNode done = api.awaitCompleted("/api/v1/jobs/fault-kill-job/runs/" + runId, WAIT);
            assertThat(done.get("attempt").asInt()).isEqualTo(2);
            assertThat(starts(runId)).containsExactly("worker-a", "worker-a");
            // and it goes on claiming
            String next = run("fault-after-job");
            api.awaitCompleted("/api/v1/jobs/fault-after-job/runs/" + next, WAIT);

            long verified = verifySnapshots("fault-kill") + verifySnapshots("fault-after");
            assertThat(verified).isEqualTo(2);
            record("worker SIGKILL mid-run, alone, restarted", List.of(runId, next), 0, 0, verified);
        } finally {
            Files.deleteIfExists(big);
            if (!s.system.app(Service.WORKER).process().isAlive()) {
                s.system.start(Service.WORKER, Map.of());
            }
        }
    }

    @Test
    @Order(2)
    void theBrokerKilledAndRestartedDuringRunsAndTicksLosesAndDuplicatesNothing() throws Exception {
        workload("fault-broker", image("fault-broker", 4L << 20, 41));
        String jobId = job("fault-broker-tick", "fault-broker", "*:*:0/10");
        workload("fault-broker-big", image("fault-broker-big", 256L << 20, 42));
        job("fault-broker-run", "fault-broker-big", null);
        awaitTicks(jobId, 1);
        String runId = run("fault-broker-run");
        s.kafka.await(Topics.RUN_EVENTS, r -> EventTypes.RUN_STARTED.equals(r.ceType())
                && runId.equals(EventJson.read(r.value(), RunStarted.class).runId()), WAIT);

        LocalKafka kafka = s.system.infrastructure().kafka().orElseThrow();
        kafka.process().kill();
        await().atMost(Duration.ofSeconds(30)).until(() -> !kafka.process().isAlive());
        TimeUnit.SECONDS.sleep(10);
        kafka.restart();

        api.awaitCompleted("/api/v1/jobs/fault-broker-run/runs/" + runId, WAIT);
        Instant back = Instant.now();
        await().atMost(WAIT).until(() -> ticks(jobId).stream().anyMatch(t -> t.scheduledFor().isAfter(back)));
        Counts ticks = disableAndCountTicks("fault-broker-tick", jobId);
        assertThat(ticks.fired).as("every slot of the outage fired late, once").isEqualTo(ticks.due);
        List<String> runs = new ArrayList<>(runsOf("fault-broker-tick"));
        runs.add(runId);
        awaitAllFinal(List.of("fault-broker-tick", "fault-broker-run"));
        long verified = verifySnapshots("fault-broker-big");
        assertThat(verified).isEqualTo(1);
        record("Kafka broker SIGKILL for 10 s, restarted", runs, ticks.due, ticks.fired, verified);
    }

    @Test
    @Order(3)
    void postgresKilledForAMinuteDuringRunsAndTicksLosesNothingAndTheProjectionEqualsTheTopic() throws Exception {
        workload("fault-pg", image("fault-pg", 4L << 20, 51));
        String jobId = job("fault-pg-tick", "fault-pg", "*:*:0/10");
        workload("fault-pg-big", image("fault-pg-big", 256L << 20, 52));
        String runJobId = job("fault-pg-run", "fault-pg-big", null);
        awaitTicks(jobId, 1);
        String runId = run("fault-pg-run");
        s.kafka.await(Topics.RUN_EVENTS, r -> EventTypes.RUN_PROGRESS.equals(r.ceType())
                && runId.equals(EventJson.read(r.value(), RunProgress.class).runId()), WAIT);

        s.system.infrastructure().postgres().kill();
        // every consumer's database is gone for a minute: they retry, and nothing is dead-lettered
        TimeUnit.SECONDS.sleep(60);
        s.system.infrastructure().postgres().restart();

        Instant back = Instant.now();
        JsonNode run = awaitFinal("fault-pg-run", runId);
        await().atMost(WAIT).until(() -> ticks(jobId).stream().anyMatch(t -> t.scheduledFor().isAfter(back)));
        Counts ticks = disableAndCountTicks("fault-pg-tick", jobId);
        List<String> runs = new ArrayList<>(runsOf("fault-pg-tick"));
        runs.add(runId);
        awaitAllFinal(List.of("fault-pg-tick", "fault-pg-run"));
        // the run history (job-service's projection of the run events) equals one rebuilt from the topic
        Map<String, String> rebuilt = rebuild(Set.of(jobId, runJobId));
        Map<String, String> projected = new HashMap<>();
        for (String job : List.of("fault-pg-tick", "fault-pg-run")) {
            for (JsonNode r : api.get("/api/v1/jobs/" + job + "/runs?limit=500").body().get("items")) {
                projected.put(r.get("id").asText(), r.get("state").asText());
            }
        }
        // runs its policy skipped were never requested, and are not on the run topics
        projected.entrySet().removeIf(e -> !rebuilt.containsKey(e.getKey()) && "Skipped".equals(e.getValue()));
        assertThat(projected).isEqualTo(rebuilt);
        assertThat(run.get("state").asText()).isIn("Completed", "Failed");
        assertThat(s.kafka.readAll(Topics.RUN_EVENTS + Topics.DLQ_SUFFIX)).as("nothing dead-lettered by the outage")
                .noneMatch(r -> runs.contains(r.key()) || jobId.equals(r.key()));
        long verified = verifySnapshots("fault-pg-big");
        assertThat(verified).isEqualTo("Completed".equals(run.get("state").asText()) ? 1 : 0);
        record("PostgreSQL SIGKILL for 60 s, restarted", runs, ticks.due, ticks.fired, verified);
    }

    @Test
    @Order(4)
    void aPoisonEventOnEveryConsumedTopicIsDeadLetteredByEachConsumerAndTheConsumersGoOn() throws Exception {
        Map<String, String> typeOf = new LinkedHashMap<>();
        typeOf.put(Topics.JOB_EVENTS, EventTypes.JOB_CREATED);
        typeOf.put(Topics.TICKS, EventTypes.SCHEDULE_TICK);
        typeOf.put(Topics.RUN_REQUESTS, EventTypes.RUN_REQUESTED);
        typeOf.put(Topics.RUN_EVENTS, EventTypes.RUN_COMPLETED);
        typeOf.put(Topics.PRUNE_EVENTS, EventTypes.PRUNE_COMPLETED);
        typeOf.put(Topics.SYNC_EVENTS, EventTypes.SYNC_COMPLETED);
        Map<String, Set<String>> consumers = consumerGroupsByTopic();
        Map<String, List<String>> poisons = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : typeOf.entrySet()) {
            String topic = e.getKey();
            assertThat(consumers.get(topic)).as("the groups consuming " + topic).isNotEmpty();
            String notJson = "poison-" + UUID.randomUUID();
            s.kafka.send(topic, "poison", poison(notJson, e.getValue()), "{not json".getBytes(StandardCharsets.UTF_8));
            // a real event of that type with one unknown field (a producer's typo)
            String typo = "poison-" + UUID.randomUUID();
            byte[] real = s.kafka.readAll(topic).stream().filter(r -> e.getValue().equals(r.ceType())).reduce((a, b) -> b)
                    .map(TopicProbe.Rec::value).orElse("{\"x\":1}".getBytes(StandardCharsets.UTF_8));
            String withTypo = new String(real, StandardCharsets.UTF_8).replaceFirst("^\\{", "{\"retension\":\"7d\",");
            s.kafka.send(topic, "poison", poison(typo, e.getValue()), withTypo.getBytes(StandardCharsets.UTF_8));
            poisons.put(topic, List.of(notJson, typo));
        }
        long deadLetters = 0;
        for (Map.Entry<String, List<String>> e : poisons.entrySet()) {
            String topic = e.getKey();
            for (String id : e.getValue()) {
                await().atMost(WAIT).untilAsserted(() -> assertThat(s.kafka.readAllWithPoison(topic
                        + Topics.DLQ_SUFFIX).stream().filter(r -> id.equals(r.ceId()))
                        .map(r -> r.header("dead-letter-consumer-group")).collect(Collectors.toSet())).as(id + " on " + topic + " dead-lettered by every consumer")
                        .containsExactlyInAnyOrderElementsOf(consumers.get(topic)));
                deadLetters += consumers.get(topic).size();
            }
        }
        // and every consumer goes on: a new job is scheduled, run, recorded and pruned
        workload("fault-poison", image("fault-poison", 4L << 20, 71));
        String jobId = job("fault-poison-job", "fault-poison", "*:*:0/10");
        awaitTicks(jobId, 1);
        // job-service has answered a slot before the pause: under load a slot can reach it only after the pause,
        // which runs nothing (TickTest), and then no slot of this job would ever have an outcome
        await().atMost(WAIT).untilAsserted(() -> assertThat(answeredTicks(jobId)).as("a first slot answered")
                .isNotEmpty());
        Counts ticks = disableAndCountTicks("fault-poison-job", jobId);
        // every fired slot that reached job-service before the pause has an outcome on the log (RunRequested or
        // RunSkipped naming its tick) and a run in the history; a slot that reached it after the pause runs nothing
        // (TickTest), so only the newest slots may have none: no gap
        await().atMost(WAIT).untilAsserted(() -> {
            List<String> fired = ticks(jobId).stream().sorted(Comparator.comparing(ScheduleTick::scheduledFor))
                    .map(ScheduleTick::tickId).toList();
            Set<String> answered = answeredTicks(jobId);
            assertThat(answered).as("slots with an outcome").isNotEmpty();
            int last = 0;
            for (int i = 0; i < fired.size(); i++) {
                last = answered.contains(fired.get(i)) ? i + 1 : last;
            }
            assertThat(fired.subList(0, last)).as("every slot before the newest answered one").allMatch(
                    answered::contains);
            assertThat(answered).as("outcomes only for fired slots").isSubsetOf(fired);
            assertThat(runsOf("fault-poison-job")).as("one run per answered slot").hasSize(answered.size());
        });
        awaitAllFinal(List.of("fault-poison-job"));
        List<String> runs = runsOf("fault-poison-job");
        for (String id : runs) {
            api.awaitCompleted("/api/v1/jobs/fault-poison-job/runs/" + id, WAIT);
        }
        record("a poison event x2 on each of 6 topics (" + deadLetters + " dead letters)", runs, ticks.due, ticks.fired,
                verifySnapshots("fault-poison"));
    }

    @Test
    @Order(5)
    void aDatastoreDiskThatFillsUpFailsTheRunWithTheReasonAndTheNextRunAfterSpaceIsFreedSucceeds() throws Exception {
        Path mount = s.data.resolve("datastores/ibs-small");
        Files.createDirectories(mount);
        sh("mount", "-t", "tmpfs", "-o", "size=24m", "ironcore-small", mount.toString());
        try {
            assertThat(api.post("/api/v1/datastores", "{\"name\":\"ibs-small\",\"path\":\"" + mount + "\"}").status())
                    .isEqualTo(201);
            assertThat(api.post("/api/v1/datastores/ibs-small/namespaces", "{\"path\":\"production\"}").status())
                    .isEqualTo(201);
            workload("fault-full", image("fault-full", 96L << 20, 61));
            job("fault-full-job", "fault-full", null, "ibs-small");

            String first = run("fault-full-job");
            JsonNode failed = awaitFinal("fault-full-job", first);
            assertThat(failed.get("state").asText()).isEqualTo("Failed");
            assertThat(failed.get("reason").asText()).containsIgnoringCase("no space left");
            try (Datastore ds = Datastore.open(mount)) {
                assertThat(ds.listSnapshots(BackupGroup.of(Namespace.parse("production"), "vm", "fault-full")))
                        .as("no partial snapshot").isEmpty();
                DatastoreVerifyReport report = ds.verifyAll();
                assertThat(report.ok()).as("the datastore stays consistent: " + report.failed()).isTrue();
            }

            sh("mount", "-o", "remount,size=256m", mount.toString());
            String second = run("fault-full-job");
            api.awaitCompleted("/api/v1/jobs/fault-full-job/runs/" + second, WAIT);
            long verified;
            try (Datastore ds = Datastore.open(mount)) {
                List<SnapshotInfo> all = ds.listSnapshots(BackupGroup.of(Namespace.parse("production"), "vm",
                        "fault-full"));
                assertThat(all).hasSize(1);
                assertThat(ds.verifyAll().ok()).isTrue();
                verified = all.size();
            }
            record("datastore disk full (ENOSPC on a 24 MiB tmpfs), then grown", List.of(first, second), 0, 0,
                    verified);
        } finally {
            api.delete("/api/v1/jobs/fault-full-job");
            sh("umount", "-l", mount.toString());
        }
    }

    @Test
    @Order(6)
    void theSchedulersClockJumpingForwardThenBackFiresEachSlotOnce() throws Exception {
        Path offset = s.data.resolve(SharedSystem.SCHEDULER_CLOCK_OFFSET);
        workload("fault-clock", image("fault-clock", 2L << 20, 81));
        String jobId = job("fault-clock-job", "fault-clock", "*:*:0/10");
        try {
            awaitTicks(jobId, 2);
            Instant beforeJump = latestSlot(jobId);
            // 30 s forward, as when NTP steps the clock: the slots it jumps over are inside the catch-up window and
            // fire late, each once
            Files.writeString(offset, "PT30S");
            await().atMost(WAIT).until(() -> !latestSlot(jobId).isBefore(beforeJump.plusSeconds(30)));
            // and back: the clock runs through those 30 s again, and nothing fires twice
            Files.writeString(offset, "PT0S");
            Instant high = latestSlot(jobId);
            await().atMost(WAIT).until(() -> latestSlot(jobId).isAfter(high));
            assertThat(ticks(jobId).stream().filter(t -> t.scheduledFor().isAfter(high)).map(ScheduleTick::firedAt)
                    .min(Instant::compareTo).orElseThrow()).as("the next slot fired when the clock reached it again")
                    .isAfterOrEqualTo(high);
            Counts ticks = disableAndCountTicks("fault-clock-job", jobId);
            assertThat(ticks.fired).isEqualTo(ticks.due);
            awaitAllFinal(List.of("fault-clock-job"));
            record("scheduler clock +30 s, then back", runsOf("fault-clock-job"), ticks.due, ticks.fired,
                    verifySnapshots("fault-clock"));
        } finally {
            Files.deleteIfExists(offset);
        }
    }

    @Test
    @Order(7)
    void aDeadLetteredTickReplayedTwiceWithTheCliIsAppliedOnce() throws Exception {
        workload("fault-replay", image("fault-replay", 2L << 20, 91));
        String jobId = job("fault-replay-job", "fault-replay", null);
        // a slot's tick that job-service gave up on, as the dead-letter strategy writes it: the record as it was
        // (key, CloudEvents headers, data) plus the dead-letter headers; it never reached job-service
        Instant slot = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String tickId = ScheduleTick.tickId(jobId, slot);
        ScheduleTick tick = new ScheduleTick(tickId, jobId, ScheduleTick.Kind.JOB, "fault-replay-job", "default", slot,
                slot, false);
        Map<String, String> headers = new HashMap<>(envelope(tickId, EventTypes.SCHEDULE_TICK));
        headers.put("dead-letter-reason", "gave up after 40 attempts over 10m: connection refused");
        headers.put("dead-letter-topic", Topics.TICKS);
        headers.put("dead-letter-partition", "0");
        headers.put("dead-letter-offset", "0");
        headers.put("dead-letter-consumer-group", "job-service.ticks");
        headers.put("dead-letter-time", Instant.now().toString());
        s.kafka.send(Topics.TICKS + Topics.DLQ_SUFFIX, jobId, headers, EventJson.write(tick));

        Cli cli = s.cli();
        Cli.Result listed = cli.run("dlq", "list", "--topic", Topics.TICKS, "--bootstrap", s.system.bootstrapServers());
        assertThat(listed.exitCode()).as(listed.stderr()).isZero();
        assertThat(listed.stdout()).contains(tickId);
        assertThat(runsOf("fault-replay-job")).isEmpty();
        for (int i = 0; i < 2; i++) {
            Cli.Result replayed = cli.run("dlq", "replay", "--topic", Topics.TICKS, "--id", tickId, "--bootstrap",
                    s.system.bootstrapServers());
            assertThat(replayed.exitCode()).as(replayed.stderr()).isZero();
            assertThat(replayed.stdout()).contains("replayed 1 event(s)");
        }
        await().atMost(WAIT).until(() -> !runsOf("fault-replay-job").isEmpty());
        awaitAllFinal(List.of("fault-replay-job"));
        TimeUnit.SECONDS.sleep(3); // the second copy has had its time
        List<String> runs = runsOf("fault-replay-job");
        assertThat(runs).as("the tick replayed twice makes one run").hasSize(1);
        api.awaitCompleted("/api/v1/jobs/fault-replay-job/runs/" + runs.get(0), WAIT);
        assertThat(s.kafka.readAll(Topics.TICKS).stream().filter(r -> tickId.equals(r.ceId()))).hasSize(2);
        record("a dead-lettered tick replayed twice (dlq replay)", runs, 1, 1, verifySnapshots("fault-replay"));
    }

    // ---- helpers

    private record Counts(long due, long fired) {
    }

    private static Map<String, String> poison(String id, String type) {
        Map<String, String> h = new HashMap<>(envelope(id, type));
        h.put(TopicProbe.POISON, "true");
        return h;
    }

    private static Map<String, String> envelope(String id, String type) {
        return Map.of("ce_specversion", "1.0", "ce_id", id, "ce_type", type, "ce_source", "/faults-it",
                "ce_time", Instant.now().toString());
    }

    /** The consumer groups with a live member assigned a partition of each topic. */
    private static Map<String, Set<String>> consumerGroupsByTopic() throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.system.bootstrapServers());
        Map<String, Set<String>> out = new HashMap<>();
        try (Admin admin = Admin.create(p)) {
            List<String> groups = admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS).stream()
                    .map(ConsumerGroupListing::groupId).toList();
            admin.describeConsumerGroups(groups).all().get(30, TimeUnit.SECONDS).values().forEach(d ->
                    d.members().forEach(m -> m.assignment().topicPartitions().forEach(tp ->
                            out.computeIfAbsent(tp.topic(), t -> new TreeSet<>()).add(d.groupId()))));
        }
        return out;
    }

    private static Instant latestSlot(String jobId) {
        return ticks(jobId).stream().map(ScheduleTick::scheduledFor).max(Instant::compareTo).orElse(Instant.EPOCH);
    }

    private static void sh(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    }

    private static Path image(String name, long bytes, long seed) {
        Path p = s.data.resolve("images/" + name + ".raw");
        DemoData.writeImage(p, bytes, seed);
        return p;
    }

    private static void workload(String id, Path image) {
        Api.Response r = api.post("/api/v1/workloads", "{\"id\":\"" + id + "\",\"name\":\"" + id + "\",\"disks\":"
                + "[{\"name\":\"drive-scsi0\",\"sourceRoot\":\"" + DemoData.SOURCE_ROOT + "\",\"path\":\""
                + image.getFileName() + "\"}]}");
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(201);
    }

    /** Creates a full-mode job of one workload on ibs-primary/production; returns its id. */
    private static String job(String name, String source, String schedule) {
        return job(name, source, schedule, "ibs-primary");
    }

    private static String job(String name, String source, String schedule, String datastore) {
        Api.Response r = api.post("/api/v1/jobs", "{\"name\":\"" + name + "\",\"sourceIds\":[\"" + source
                + "\"],\"datastore\":\"" + datastore + "\",\"namespace\":\"production\",\"mode\":\"full\""
                + (schedule == null ? "" : ",\"schedule\":\"" + schedule + "\"") + "}");
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(201);
        return r.body().get("id").asText();
    }

    private static String run(String job) {
        Api.Response r = api.post("/api/v1/jobs/" + job + "/run", null);
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(202);
        return r.body().get("id").asText();
    }

    private static JsonNode awaitFinal(String job, String runId) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> api.get("/api/v1/jobs/" + job + "/runs/" + runId).body(),
                        b -> b != null && FINAL.contains(b.path("state").asText()));
    }

    private static void awaitAllFinal(List<String> jobs) {
        for (String job : jobs) {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
                for (JsonNode r : api.get("/api/v1/jobs/" + job + "/runs?limit=500").body().get("items")) {
                    if (!FINAL.contains(r.get("state").asText())) {
                        return false;
                    }
                }
                return true;
            });
        }
    }

    private static List<String> runsOf(String job) {
        List<String> ids = new ArrayList<>();
        api.get("/api/v1/jobs/" + job + "/runs?limit=500").body().get("items").forEach(r -> ids.add(r.get("id")
                .asText()));
        return ids;
    }

    private static List<String> starts(String runId) {
        return s.kafka.readAll(Topics.RUN_EVENTS).stream().filter(r -> EventTypes.RUN_STARTED.equals(r.ceType()))
                .map(r -> EventJson.read(r.value(), RunStarted.class)).filter(e -> runId.equals(e.runId()))
                .map(RunStarted::workerId).toList();
    }

    /** The ticks of the job that job-service answered on the log: with a RunRequested or a RunSkipped. */
    private static Set<String> answeredTicks(String jobId) {
        Set<String> out = new HashSet<>();
        s.kafka.readAll(Topics.RUN_REQUESTS).stream().filter(r -> EventTypes.RUN_REQUESTED.equals(r.ceType()))
                .map(r -> EventJson.read(r.value(), RunRequested.class)).filter(e -> jobId.equals(e.jobId())
                        && e.tickId() != null).forEach(e -> out.add(e.tickId()));
        s.kafka.readAll(Topics.RUN_EVENTS).stream().filter(r -> EventTypes.RUN_SKIPPED.equals(r.ceType()))
                .map(r -> EventJson.read(r.value(), RunSkipped.class)).filter(e -> jobId.equals(e.jobId()))
                .forEach(e -> out.add(e.tickId()));
        return out;
    }

    private static List<ScheduleTick> ticks(String jobId) {
        return s.kafka.readAll(Topics.TICKS).stream().filter(r -> EventTypes.SCHEDULE_TICK.equals(r.ceType()))
                .map(r -> EventJson.read(r.value(), ScheduleTick.class)).filter(t -> jobId.equals(t.jobId()))
                .toList();
    }

    private static void awaitTicks(String jobId, int n) {
        await().atMost(WAIT).until(() -> ticks(jobId).size() >= n);
    }

    /**
     * Disables the ticking job, then counts: slots due (every 10 s from its first fired slot to its last) and the
     * distinct slots fired; a slot on the topic twice (by id) fails the test.
     */
    private static Counts disableAndCountTicks(String job, String jobId) throws InterruptedException {
        assertThat(api.post("/api/v1/jobs/" + job + "/disable", null).status()).isEqualTo(200);
        TimeUnit.SECONDS.sleep(2);
        List<ScheduleTick> all = ticks(jobId);
        assertThat(all.stream().map(ScheduleTick::tickId).distinct().count()).as("no slot fired twice: " + all)
                .isEqualTo(all.size());
        TreeSet<Instant> slots = all.stream().map(ScheduleTick::scheduledFor).collect(Collectors.toCollection(
                TreeSet::new));
        long due = Duration.between(slots.first(), slots.last()).toSeconds() / 10 + 1;
        return new Counts(due, slots.size());
    }

    /** The final state of each run requested for the jobs, from the run topics alone. */
    private static Map<String, String> rebuild(Set<String> jobIds) {
        Map<String, String> state = new HashMap<>();
        for (TopicProbe.Rec r : s.kafka.readAll(Topics.RUN_REQUESTS)) {
            if (EventTypes.RUN_REQUESTED.equals(r.ceType())) {
                RunRequested e = EventJson.read(r.value(), RunRequested.class);
                if (jobIds.contains(e.jobId())) {
                    state.put(e.runId(), "(requested, no outcome on the topic)");
                }
            }
        }
        for (TopicProbe.Rec r : s.kafka.readAll(Topics.RUN_EVENTS)) {
            String type = r.ceType();
            if (EventTypes.RUN_COMPLETED.equals(type)) {
                state.computeIfPresent(EventJson.read(r.value(), RunCompleted.class).runId(), (k, v) -> "Completed");
            } else if (EventTypes.RUN_FAILED.equals(type)) {
                state.computeIfPresent(EventJson.read(r.value(), RunFailed.class).runId(),
                        (k, v) -> "Completed".equals(v) ? v : "Failed");
            }
        }
        return state;
    }

    private static List<SnapshotInfo> snapshots(String vm) throws IOException {
        try (Datastore ds = Datastore.open(s.data.resolve("datastores/ibs-primary"))) {
            return ds.listSnapshots(BackupGroup.of(Namespace.parse("production"), "vm", vm));
        }
    }

    /** Verifies every snapshot of the VM's group (all must be whole); returns how many. */
    private static long verifySnapshots(String vm) throws IOException {
        try (Datastore ds = Datastore.open(s.data.resolve("datastores/ibs-primary"))) {
            List<SnapshotInfo> all = ds.listSnapshots(BackupGroup.of(Namespace.parse("production"), "vm", vm));
            for (SnapshotInfo i : all) {
                assertThat(ds.verify(i.ref()).ok()).as("snapshot " + i.ref() + " verifies").isTrue();
            }
            return all.size();
        }
    }

    /** Counts runs by their outcome on the topic; a run completed twice (two RunCompleted) is a duplicate. */
    private static void record(String name, List<String> runIds, long ticksDue, long ticksFired, long verified) {
        Map<String, Long> completed = new HashMap<>();
        Map<String, Long> failed = new HashMap<>();
        for (TopicProbe.Rec r : s.kafka.readAll(Topics.RUN_EVENTS)) {
            if (EventTypes.RUN_COMPLETED.equals(r.ceType())) {
                completed.merge(EventJson.read(r.value(), RunCompleted.class).runId(), 1L, Long::sum);
            } else if (EventTypes.RUN_FAILED.equals(r.ceType())) {
                failed.merge(EventJson.read(r.value(), RunFailed.class).runId(), 1L, Long::sum);
            }
        }
        long c = runIds.stream().filter(completed::containsKey).count();
        long f = runIds.stream().filter(id -> !completed.containsKey(id) && failed.containsKey(id)).count();
        long dup = runIds.stream().filter(id -> completed.getOrDefault(id, 0L) > 1).count();
        assertThat(dup).as("runs completed twice").isZero();
        // skipped: never requested of a worker (the job's overlap policy skipped the slot while a run was going)
        long skipped = runIds.size() - c - f;
        LEDGER.put(name, new long[] {runIds.size(), c, f, skipped, dup, ticksDue, ticksFired, verified});
    }
}
