package io.ironcore.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.ironcore.local.DemoData;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Snapshots outlive their job: after {@code job delete} (which says "its snapshots stay") the snapshot is still
 * listed, restores byte for byte, a verify job checks it, and a sync job copies it to the Backup site; a bad orphan
 * policy deletes nothing.
 */
class OrphansIT {
    private static final Duration WAIT = Duration.ofMinutes(3);

    @Test
    void aDeletedJobsSnapshotIsListedRestoredVerifiedAndSynced() throws Exception {
        SharedSystem s = SharedSystem.get();
        Api api = s.api();
        Path image = s.data.resolve("images/orphan-a.raw");
        DemoData.writeImage(image, 6L << 20, 301);
        assertThat(api.post("/api/v1/workloads", "{\"id\":\"orphan-a\",\"name\":\"orphan-a\",\"disks\":[{\"name\":"
                + "\"drive-scsi0\",\"sourceRoot\":\"" + DemoData.SOURCE_ROOT + "\",\"path\":\"orphan-a.raw\"}]}")
                .status()).isEqualTo(201);
        assertThat(api.post("/api/v1/jobs", "{\"name\":\"orphan-job\",\"sourceIds\":[\"orphan-a\"],\"datastore\":"
                + "\"ibs-primary\",\"namespace\":\"production\",\"mode\":\"full\",\"retention\":\"keep-last=3\"}")
                .status()).isEqualTo(201);
        String run = api.post("/api/v1/jobs/orphan-job/run", null).body().get("id").asText();
        String snapshot = api.awaitCompleted("/api/v1/jobs/orphan-job/runs/" + run, WAIT).get("snapshots").get(0)
                .get("snapshotId").asText();

        // a bad orphan policy is refused, and the job stays
        Api.Response bad = api.delete("/api/v1/jobs/orphan-job?orphans=archive");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().toString()).contains("orphans");
        assertThat(api.get("/api/v1/jobs/orphan-job").status()).isEqualTo(200);
        assertThat(api.delete("/api/v1/jobs/orphan-job?orphans=keep").status()).isEqualTo(204);
        assertThat(api.get("/api/v1/jobs/orphan-job").status()).isEqualTo(404);

        // listed
        assertThat(api.get("/api/v1/snapshots?limit=500").body().toString()).contains(snapshot);
        // restored, byte for byte
        String restore = api.post("/api/v1/restores", "{\"snapshotId\":\"" + snapshot
                + "\",\"target\":\"orphans/orphan-a.raw\"}").body().get("id").asText();
        Path restored = Path.of(api.awaitCompleted("/api/v1/restores/" + restore, WAIT).get("path").asText());
        try {
            assertThat(Files.mismatch(image, restored)).isEqualTo(-1L);
        } finally {
            Files.delete(restored);
        }
        // verified by a verify job of the workload
        assertThat(api.post("/api/v1/jobs", "{\"name\":\"orphan-verify\",\"action\":\"verify\",\"sourceIds\":"
                + "[\"orphan-a\"],\"datastore\":\"ibs-primary\",\"namespace\":\"production\"}").status())
                .isEqualTo(201);
        String verify = api.post("/api/v1/jobs/orphan-verify/run", null).body().get("id").asText();
        JsonNode verified = api.awaitCompleted("/api/v1/jobs/orphan-verify/runs/" + verify, WAIT);
        assertThat(verified.get("stats").get("bytesRead").asLong()).as("%s", verified).isPositive();
        // and copied to the Backup site by a sync job
        assertThat(api.post("/api/v1/datastores/ibs-backup/namespaces", "{\"path\":\"orphans\"}").status())
                .isIn(201, 409);
        assertThat(api.post("/api/v1/sync-jobs", "{\"name\":\"orphan-sync\",\"sourceDatastore\":\"ibs-primary\","
                + "\"sourceNamespace\":\"production\",\"targetDatastore\":\"ibs-backup\",\"targetNamespace\":"
                + "\"orphans\",\"schedule\":\"Sun 03:00\"}").status()).isEqualTo(201);
        assertThat(api.post("/api/v1/sync-jobs/orphan-sync/run", null).status()).isEqualTo(202);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> api.get(
                "/api/v1/sync-jobs/orphan-sync").body().path("lastSync").path("state").asText(), "completed"::equals);
        assertThat(api.get("/api/v1/sync-jobs/orphan-sync/copies").body().toString())
                .contains(snapshot.substring(snapshot.indexOf("vm/orphan-a/")));
        assertThat(api.delete("/api/v1/sync-jobs/orphan-sync").status()).isEqualTo(204);
        assertThat(api.delete("/api/v1/jobs/orphan-verify").status()).isEqualTo(204);
    }
}
