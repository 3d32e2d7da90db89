package io.ironcore.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.ironcore.datastore.BackupGroup;
import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.Namespace;
import io.ironcore.datastore.SnapshotInfo;
import io.ironcore.datastore.SnapshotRef;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.run.RunProgress;
import io.ironcore.events.run.RunStarted;
import io.ironcore.local.DemoData;
import io.ironcore.local.Service;
import io.ironcore.local.ServiceApp;
import io.ironcore.local.testing.TopicProbe;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backup workers scale out and survive crashes: two workers share six jobs; a worker killed with SIGKILL mid-run
 * leaves no visible snapshot, and another worker completes the run; the snapshot restores byte for byte, and so
 * does any snapshot over REST.
 */
class WorkersIT {
    private static final Duration WAIT = Duration.ofMinutes(3);

    @Test
    void twoWorkersShareSixJobsAndAKilledWorkersRunCompletesElsewhere() throws Exception {
        SharedSystem s = SharedSystem.get();
        Api api = s.api();
        ServiceApp second = s.system.startInstance(Service.WORKER, "b", Map.of(
                "IRONCORE_WORKER_ID", "worker-b", "IRONCORE_WORKER_POLL_INTERVAL", "250ms", "IRONCORE_WORKER_LEASE", "8s",
                "IRONCORE_WORKER_HEARTBEAT", "2s", "IRONCORE_WORKER_RETRY_DELAY", "1s",
                "IRONCORE_WORKER_PROGRESS_INTERVAL", "500ms",
                "IRONCORE_WORKER_READ_RATE_LIMIT", SharedSystem.WORKER_READ_RATE_LIMIT));
        Path big = s.data.resolve("images/kill-1.raw");
        try {
            List<String> runs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String id = "w6-" + i;
                Path image = s.data.resolve("images/" + id + ".raw");
                DemoData.writeImage(image, 96L << 20, 100 + i);
                workload(api, id, image);
                assertThat(api.post("/api/v1/jobs", "{\"name\":\"w6-job-" + i + "\",\"sourceIds\":[\"" + id
                        + "\"],\"datastore\":\"ibs-primary\",\"namespace\":\"production\",\"mode\":\"full\"}")
                        .status()).isEqualTo(201);
            }
            for (int i = 0; i < 6; i++) {
                runs.add(api.post("/api/v1/jobs/w6-job-" + i + "/run", null).body().get("id").asText());
            }
            Set<String> workers = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                String path = "/api/v1/jobs/w6-job-" + i + "/runs/" + runs.get(i);
                workers.add(api.awaitCompleted(path, WAIT).get("workerId").asText());
            }
            assertThat(workers).as("workers that did work").hasSize(2);

            // a long run, and the worker doing it dies
            DemoData.writeImage(big, 768L << 20, 7);
            workload(api, "kill-1", big);
            assertThat(api.post("/api/v1/jobs", "{\"name\":\"kill-job\",\"sourceIds\":[\"kill-1\"],"
                    + "\"datastore\":\"ibs-primary\",\"namespace\":\"production\",\"mode\":\"full\"}").status())
                    .isEqualTo(201);
            String runId = api.post("/api/v1/jobs/kill-job/run", null).body().get("id").asText();
            TopicProbe.Rec progress = s.kafka.await(Topics.RUN_EVENTS, r -> EventTypes.RUN_PROGRESS.equals(r.ceType())
                    && runId.equals(EventJson.read(r.value(), RunProgress.class).runId()), WAIT);
            String victim = EventJson.read(progress.value(), RunProgress.class).workerId();
            ServiceApp victimApp = "worker-b".equals(victim) ? second : s.system.app(Service.WORKER);
            victimApp.kill();
            try (Datastore ds = Datastore.open(s.data.resolve("datastores/ibs-primary"))) {
                assertThat(ds.listSnapshots(BackupGroup.of(Namespace.parse("production"), "vm", "kill-1"))).isEmpty();
            }

            String path = "/api/v1/jobs/kill-job/runs/" + runId;
            JsonNode run = api.awaitCompleted(path, WAIT);
            assertThat(run.get("workerId").asText()).isNotEqualTo(victim);
            assertThat(run.get("attempt").asInt()).isEqualTo(2);
            List<String> starts = s.kafka.readAll(Topics.RUN_EVENTS).stream()
                    .filter(r -> EventTypes.RUN_STARTED.equals(r.ceType()))
                    .map(r -> EventJson.read(r.value(), RunStarted.class))
                    .filter(e -> runId.equals(e.runId())).map(RunStarted::workerId).toList();
            assertThat(starts).containsExactly(victim, run.get("workerId").asText());

            String snapshotId = run.get("snapshots").get(0).get("snapshotId").asText();
            try (Datastore ds = Datastore.open(s.data.resolve("datastores/ibs-primary"))) {
                List<SnapshotInfo> snapshots = ds.listSnapshots(SnapshotRef.parse(snapshotId).group());
                assertThat(snapshots).singleElement().satisfies(i -> assertThat(i.ref().toString()).isEqualTo(snapshotId));
                assertThat(ds.verify(snapshots.get(0).ref()).ok()).isTrue();
            }
            // restored over REST by a worker, byte for byte
            String restoreId = api.post("/api/v1/restores", "{\"snapshotId\":\"" + snapshotId
                    + "\",\"target\":\"kill-1/drive.raw\"}").body().get("id").asText();
            Path restored = Path.of(api.awaitCompleted("/api/v1/restores/" + restoreId, WAIT).get("path").asText());
            try {
                assertThat(Files.mismatch(big, restored)).isEqualTo(-1L);
            } finally {
                Files.delete(restored);
            }
        } finally {
            Files.deleteIfExists(big);
            if (!s.system.app(Service.WORKER).process().isAlive()) {
                s.system.start(Service.WORKER, Map.of());
            }
            second.close();
        }
    }

    private static void workload(Api api, String id, Path image) {
        assertThat(api.post("/api/v1/workloads", "{\"id\":\"" + id + "\",\"name\":\"" + id + "\",\"disks\":"
                + "[{\"name\":\"drive-scsi0\",\"path\":\"" + image + "\"}]}").status()).isEqualTo(201);
    }
}
