package io.ironcore.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.SnapshotRef;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.prune.GcCompleted;
import io.ironcore.events.prune.PruneCompleted;
import io.ironcore.events.run.RunProgress;
import io.ironcore.local.DemoData;
import io.ironcore.local.Service;
import io.ironcore.local.ServiceApp;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retention and garbage collection through the whole system: prune-service removes what the job's retention no
 * longer keeps; a GC job (run by a worker with no grace period at all, so only the running-writer rule protects
 * the backup in flight) frees the unreferenced chunks while another worker is in the middle of a backup, and that
 * backup's snapshot still verifies and restores byte for byte.
 */
class RetentionGcIT {
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final Map<String, String> NO_GRACE = Map.of("IRONCORE_WORKER_GC_GRACE", "0s",
            "IRONCORE_WORKER_GC_SAFETY_MARGIN", "0s");

    @Test
    void pruneThenGcWhileABackupRunsLosesNothingItNeeds() throws Exception {
        SharedSystem s = SharedSystem.get();
        Api api = s.api();
        s.system.stop(Service.WORKER);
        s.system.start(Service.WORKER, NO_GRACE);
        java.util.HashMap<String, String> second = new java.util.HashMap<>(NO_GRACE);
        second.putAll(Map.of("IRONCORE_WORKER_ID", "worker-gc", "IRONCORE_WORKER_POLL_INTERVAL", "250ms",
                "IRONCORE_WORKER_PROGRESS_INTERVAL", "500ms"));
        ServiceApp other = s.system.startInstance(Service.WORKER, "gc", second);
        try {
            // two fulls of different content with keep-last=1: the first one goes, its chunks become garbage
            Path image = s.data.resolve("images/gc-1.raw");
            DemoData.writeImage(image, 48L << 20, 501);
            workload(api, "gc-1", image);
            assertThat(api.post("/api/v1/jobs", "{\"name\":\"gc-src\",\"sourceIds\":[\"gc-1\"],\"datastore\":"
                    + "\"ibs-primary\",\"namespace\":\"production\",\"mode\":\"full\",\"retention\":\"keep-last=1\"}")
                    .status()).isEqualTo(201);
            String first = runAndWait(api, "gc-src");
            DemoData.writeImage(s.data.resolve("images/gc-1b.raw"), 48L << 20, 502);
            Files.move(s.data.resolve("images/gc-1b.raw"), image, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            String secondRun = runAndWait(api, "gc-src");
            String jobId = api.get("/api/v1/jobs/gc-src").body().get("id").asText();
            PruneCompleted pass = EventJson.read(s.kafka.await(Topics.PRUNE_EVENTS, r ->
                    EventTypes.PRUNE_COMPLETED.equals(r.ceType()) && r.valueString().contains(secondRun), WAIT)
                    .value(), PruneCompleted.class);
            assertThat(pass.removed()).hasSize(1);
            assertThat(pass.kept()).singleElement().satisfies(k -> assertThat(k.reason()).isEqualTo("last 1 of 1"));
            await().atMost(WAIT).until(() -> api.get("/api/v1/jobs/gc-src/snapshots").body().size() == 1);
            assertThat(first).isNotEqualTo(secondRun);

            // a long backup is in flight on one worker...
            Path big = s.data.resolve("images/gc-race.raw");
            DemoData.writeImage(big, 1280L << 20, 503);
            workload(api, "gc-race", big);
            assertThat(api.post("/api/v1/jobs", "{\"name\":\"gc-race\",\"sourceIds\":[\"gc-race\"],\"datastore\":"
                    + "\"ibs-primary\",\"namespace\":\"production\",\"mode\":\"full\"}").status()).isEqualTo(201);
            String raceRun = api.post("/api/v1/jobs/gc-race/run", null).body().get("id").asText();
            s.kafka.await(Topics.RUN_EVENTS, r -> EventTypes.RUN_PROGRESS.equals(r.ceType())
                    && raceRun.equals(EventJson.read(r.value(), RunProgress.class).runId()), WAIT);

            // ...while a GC job runs on the other
            assertThat(api.post("/api/v1/jobs", "{\"name\":\"gc-primary\",\"action\":\"gc\",\"datastore\":"
                    + "\"ibs-primary\",\"schedule\":\"Sat 06:00\"}").status()).isEqualTo(201);
            String gcRun = api.post("/api/v1/jobs/gc-primary/run", null).body().get("id").asText();
            GcCompleted gc = EventJson.read(s.kafka.await(Topics.PRUNE_EVENTS, r ->
                    EventTypes.GC_COMPLETED.equals(r.ceType()) && r.valueString().contains(gcRun), WAIT).value(),
                    GcCompleted.class);
            assertThat(gc.bytesFreed()).isGreaterThan(10L << 20);
            assertThat(gc.chunksRemoved()).isPositive();
            assertThat(runState(api, "gc-race", raceRun)).isIn("Running", "Queued", "Completed");

            JsonNode run = api.awaitCompleted("/api/v1/jobs/gc-race/runs/" + raceRun, WAIT);
            String snapshotId = run.get("snapshots").get(0).get("snapshotId").asText();
            Path restored = s.data.resolve("gc-race-restored.raw");
            try (Datastore ds = Datastore.open(s.data.resolve("datastores/ibs-primary"))) {
                SnapshotRef ref = SnapshotRef.parse(snapshotId);
                assertThat(ds.verify(ref).ok()).isTrue();
                ds.restore(ref, "drive-scsi0", restored);
                // the kept snapshot of gc-src is intact too
                String kept = pass.kept().get(0).snapshotId();
                assertThat(ds.verify(SnapshotRef.parse(kept)).ok()).isTrue();
            }
            assertThat(Files.mismatch(big, restored)).isEqualTo(-1L);
            Files.delete(restored);
            Files.delete(big);
            assertThat(jobId).isNotBlank();
        } finally {
            other.close();
            s.system.stop(Service.WORKER);
            s.system.start(Service.WORKER, Map.of());
        }
    }

    private static String runAndWait(Api api, String job) {
        String runId = api.post("/api/v1/jobs/" + job + "/run", null).body().get("id").asText();
        api.awaitCompleted("/api/v1/jobs/" + job + "/runs/" + runId, WAIT);
        return runId;
    }

    private static String runState(Api api, String job, String runId) {
        return api.get("/api/v1/jobs/" + job + "/runs/" + runId).body().path("state").asText();
    }

    private static void workload(Api api, String id, Path image) {
        assertThat(api.post("/api/v1/workloads", "{\"id\":\"" + id + "\",\"name\":\"" + id + "\",\"disks\":"
                + "[{\"name\":\"drive-scsi0\",\"path\":\"" + image + "\"}]}").status()).isEqualTo(201);
    }
}
