package io.ironcore.jobs;

import io.ironcore.datastore.BackupGroup;
import io.ironcore.datastore.BackupMode;
import io.ironcore.datastore.BackupRequest;
import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.DatastoreOptions;
import io.ironcore.datastore.FileImageSource;
import io.ironcore.datastore.Namespace;
import io.ironcore.datastore.RetentionPass;
import io.ironcore.datastore.FsyncPolicy;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.RunStats;
import io.ironcore.events.run.SnapshotCreated;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import io.ironcore.retention.RetentionPolicy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.ironcore.jobs.Fixture.admin;
import static io.ironcore.jobs.Fixture.as;
import static io.ironcore.jobs.Fixture.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** The Prune Simulator over REST, as the dashboard and {@code ironcore-backup prune simulate} call it. */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_jobs"))
class PruneSimulatorApiTest {

    @Test
    void explainsWhichSnapshotsAPolicyKeeps() {
        admin().body("{\"retention\":\"keep-daily=2\",\"snapshots\":[\"2019-12-02T11:59:00Z\","
                        + "\"2019-12-03T11:59:00Z\",\"2019-12-04T11:59:00Z\",\"2019-12-04T12:59:00Z\"]}")
                .post("/api/v1/retention/simulate").then().statusCode(200)
                .body("generations.keep", equalTo(List.of(false, true, false, true)))
                .body("generations[3].reason", equalTo("daily 1 of 2"))
                .body("kept", equalTo(2));
    }

    @Test
    void projectsASchedule() {
        admin().body("{\"retention\":\"keep-daily=7\",\"schedule\":\"02:00\",\"timezone\":\"UTC\","
                        + "\"from\":\"2026-01-01T00:00:00Z\",\"days\":30}")
                .post("/api/v1/retention/simulate").then().statusCode(200)
                .body("generations.size()", equalTo(30)).body("kept", equalTo(7)).body("peak", equalTo(7))
                .body("generations[29].time", equalTo("2026-01-30T02:00:00Z"));
    }

    @Test
    void badPoliciesAreProblems() {
        admin().body("{\"retention\":\"keep-daily=0\",\"snapshots\":[]}").post("/api/v1/retention/simulate")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("retention"));
        admin().body("{\"retention\":\"keep-daily=1\",\"schedule\":\"Sunn 03:00\"}")
                .post("/api/v1/retention/simulate").then().statusCode(400).body("errors.field", hasItem("schedule"));
    }

    /**
     * The product page's daily-prod-incr (3 VMs, one snapshot per VM per day, a few seconds apart as one run backs
     * them up) simulated on the job's snapshots, against what prune-service's pass (RetentionPass, the same call as
     * its Pruner) keeps and removes in a real datastore holding the same snapshots: the same decision for each, with
     * the backup group named on every row. Merged into one series, two of each day's three snapshots would go.
     */
    @Test
    void aMultiVmJobIsSimulatedPerBackupGroupAsThePrunePassDecides() throws Exception {
        Fixture.ensure();
        String name = "daily-prod-incr-sim";
        admin().body("{\"name\":\"" + name + "\",\"schedule\":\"02:00\",\"type\":\"vm\",\"sourceIds\":"
                + "[\"12345\",\"12346\",\"12347\"],\"datastore\":\"ibs-primary\",\"namespace\":\"production\","
                + "\"retention\":\"keep-daily=7\",\"notificationMode\":\"always\"}").post("/api/v1/jobs").then()
                .statusCode(201);
        String jobId = admin().get("/api/v1/jobs/" + name).then().extract().path("id");
        String runId = admin().post("/api/v1/jobs/" + name + "/run").then().statusCode(202).extract().path("id");

        Path dir = Files.createDirectories(IroncoreTestInfrastructure.dataDir().resolve("sim-" + UUID.randomUUID()));
        Path image = dir.resolve("disk.raw");
        byte[] bytes = new byte[64 * 1024];
        java.util.Random random = new java.util.Random(14);
        Namespace production = Namespace.parse("production");
        List<BackupGroup> groups = List.of("12345", "12346", "12347").stream()
                .map(id -> BackupGroup.of(production, "vm", id)).toList();
        Instant first = Instant.parse("2026-11-01T02:00:00Z");
        // one backup run per VM and day in the datastore (a run id of its own each: a backup under the same run id is
        // the same backup); the catalog learns them all from one RunCompleted
        List<SnapshotCreated> made = new ArrayList<>();
        for (int day = 0; day < 9; day++) {
            for (int g = 0; g < groups.size(); g++) {
                Instant at = first.plus(day, ChronoUnit.DAYS).plusSeconds(20L * g);
                random.nextBytes(bytes);
                Files.write(image, bytes);
                try (Datastore ds = open(dir.resolve("ds"), at)) {
                    String id = ds.backup(BackupRequest.builder(groups.get(g)).mode(BackupMode.INCREMENTAL)
                            .jobId(jobId).runId(UUID.randomUUID().toString()).image(FileImageSource.open("drive-scsi0", image)).build())
                            .snapshot().toString();
                    made.add(new SnapshotCreated(groups.get(g).id(), id, 1));
                }
            }
        }
        Instant last = first.plus(8, ChronoUnit.DAYS).plusSeconds(40);
        new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers()).sendEvent(Topics.RUN_EVENTS, jobId,
                EventTypes.RUN_COMPLETED, UUID.randomUUID().toString(), new RunCompleted(runId, jobId, name, "w1",
                        "incremental", "ibs-primary", "production", first, last, new RunStats(27, 27, 27, 27, 27, 0, 0),
                        made, dir.resolve("ds").toString(), "backup"));
        assertThat(made).extracting(SnapshotCreated::snapshotId).doesNotHaveDuplicates();
        await().atMost(Duration.ofSeconds(30)).until(() -> admin().get("/api/v1/jobs/" + name + "/snapshots").then()
                .statusCode(200).extract().jsonPath().getList("snapshotId").size() == made.size());
        String protectedOne = made.get(1).snapshotId(); // vm/12346 on the first day
        admin().body(Map.of("snapshotId", protectedOne)).post("/api/v1/snapshots/protect").then().statusCode(200);

        List<Map<String, Object>> rows = admin().body(Map.of("job", name)).post("/api/v1/retention/simulate").then()
                .statusCode(200).body("retention", equalTo("keep-daily=7")).body("kept", equalTo(22))
                .extract().jsonPath().getList("generations");
        assertThat(rows).hasSize(made.size());
        for (Map<String, Object> row : rows) {
            String id = (String) row.get("snapshotId");
            assertThat(id).startsWith(row.get("group") + "/");
        }
        assertThat(rows).extracting(r -> r.get("group")).containsOnly("ns/production/vm/12345",
                "ns/production/vm/12346", "ns/production/vm/12347");
        Map<String, String> simulatedKept = decided(rows, true);
        Map<String, String> simulatedRemoved = decided(rows, false);
        // the last day: one snapshot per VM, all three kept as the first day of each VM's own series
        assertThat(made.subList(24, 27)).allSatisfy(s -> assertThat(simulatedKept).containsEntry(s.snapshotId(),
                "daily 1 of 7"));

        RetentionPass.Outcome real;
        try (Datastore ds = open(dir.resolve("ds"), last.plusSeconds(60))) {
            real = RetentionPass.apply(ds, groups, s -> jobId.equals(s.manifest().jobId()),
                    RetentionPolicy.parse("keep-daily=7"), ZoneOffset.UTC, Set.of(protectedOne));
        }
        assertThat(simulatedKept).isEqualTo(real.kept().stream().collect(Collectors.toMap(
                RetentionPass.Decided::snapshotId, RetentionPass.Decided::reason)));
        assertThat(simulatedRemoved).isEqualTo(real.removed().stream().collect(Collectors.toMap(
                RetentionPass.Decided::snapshotId, RetentionPass.Decided::reason)));
        assertThat(simulatedRemoved).hasSize(5);
        assertThat(simulatedKept).containsEntry(protectedOne, "protected");

        // another retention on the same snapshots; someone outside the job's project learns nothing
        admin().body(Map.of("job", name, "retention", "keep-last=1")).post("/api/v1/retention/simulate").then()
                .statusCode(200).body("kept", equalTo(4));
        as(token("bob")).body(Map.of("job", name)).post("/api/v1/retention/simulate").then().statusCode(404);
        admin().body(Map.of("job", "no-such-job")).post("/api/v1/retention/simulate").then().statusCode(404);
        admin().body(Map.of("job", name, "schedule", "02:00")).post("/api/v1/retention/simulate").then()
                .statusCode(400).body("errors.field", hasItem("snapshots"));
    }

    private static Map<String, String> decided(List<Map<String, Object>> rows, boolean keep) {
        return rows.stream().filter(r -> Boolean.valueOf(keep).equals(r.get("keep"))).collect(Collectors.toMap(
                r -> (String) r.get("snapshotId"), r -> (String) r.get("reason")));
    }

    private static Datastore open(Path path, Instant now) throws IOException {
        DatastoreOptions options = DatastoreOptions.builder().clock(Clock.fixed(now, ZoneOffset.UTC))
                .fsyncPolicy(FsyncPolicy.NONE).build();
        return Files.exists(path.resolve(".datastore.json")) ? Datastore.open(path, options)
                : Datastore.create(path, options);
    }
}
