package io.ironcore.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.sync.SyncCompleted;
import io.ironcore.local.DemoData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The page's weekly archival: a full backup on the Primary DC datastore reaches the Backup-site datastore through a
 * sync job that the scheduler fires, and restores from there alone; all through the packaged services, the real
 * broker and database, and the command line.
 */
class SyncIT {

    @Test
    void aScheduledSyncJobCopiesTheWeeklyFullToTheBackupSiteWhereItRestoresByteForByte() throws Exception {
        SharedSystem s = SharedSystem.get();
        Cli cli = s.cli();
        assertThat(s.api().post("/api/v1/datastores/ibs-backup/namespaces", "{\"path\":\"archive\"}").status())
                .isEqualTo(201);
        Cli.Result job = cli.run("job", "create", "--name", "sync-weekly-full", "--schedule", "Sun 03:00",
                "--source-id", "12346", "--repository", "ibs-primary", "--namespace", "production", "--mode", "full",
                "--retention", "keep-weekly=3");
        assertThat(job.exitCode()).as(job.stderr()).isZero();
        Cli.Result run = cli.run("job", "run", "--name", "sync-weekly-full", "--wait");
        assertThat(run.exitCode()).as(run.stderr()).isZero();

        // fires once, a few seconds from now (the page's job fires at "Sun 04:30")
        String soon = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC)
                .format(Instant.now().plusSeconds(8).truncatedTo(ChronoUnit.SECONDS));
        Cli.Result created = cli.run("sync-job", "create", "--name", "weekly-archival", "--source-datastore",
                "ibs-primary", "--source-namespace", "production", "--target-datastore", "ibs-backup",
                "--target-namespace", "archive", "--schedule", soon + " UTC", "--retention", "keep-weekly=52");
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        assertThat(created.stdout()).startsWith("created sync job weekly-archival: ibs-primary/production -> "
                + "ibs-backup/archive, next run ");

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() ->
                "completed".equals(lastSync(cli).path("state").asText()));
        JsonNode last = lastSync(cli);
        assertThat(last.path("copied").asInt()).isPositive();
        assertThat(cli.run("sync-job", "list").stdout()).contains("weekly-archival").contains("ibs-backup/archive")
                .contains("keep-weekly=52").contains("completed");

        SyncCompleted done = EventJson.read(s.kafka.await(Topics.SYNC_EVENTS, r ->
                EventTypes.SYNC_COMPLETED.equals(r.ceType()) && last.path("runId").asText()
                        .equals(EventJson.read(r.value(), SyncCompleted.class).syncRunId()), Duration.ofSeconds(30))
                .value(), SyncCompleted.class);
        String copy = done.copied().stream().filter(c -> c.snapshotId().contains("/vm/12346/")).findFirst()
                .orElseThrow().snapshotId();
        assertThat(copy).startsWith("ns/archive/vm/12346/");

        // the copy restores from the Backup site's datastore alone, offline, byte for byte
        Path target = Files.createTempDirectory(s.data, "sync-restore-").resolve("12346.raw");
        Cli.Result restored = cli.run("restore", "--datastore", s.data.resolve("datastores").resolve("ibs-backup")
                .toString(), "--snapshot", copy, "--target", target.toString());
        assertThat(restored.exitCode()).as(restored.stderr()).isZero();
        Path image = s.vms.stream().filter(v -> v.id().equals("12346")).map(DemoData.Vm::image).findFirst()
                .orElseThrow();
        assertThat(Files.mismatch(target, image)).isEqualTo(-1L);

        // and online: the sync job lists its copies, and a worker restores the copy from the Backup site
        assertThat(cli.run("sync-job", "copies", "--name", "weekly-archival").stdout()).contains(copy)
                .contains("ibs-backup").contains("ibs-primary:ns/production/vm/12346/");
        Api api = s.api();
        Api.Response requested = api.post("/api/v1/restores", "{\"snapshotId\":\"" + copy
                + "\",\"datastore\":\"ibs-backup\",\"target\":\"sync-it/12346.raw\"}");
        assertThat(requested.status()).as(String.valueOf(requested.body())).isEqualTo(202);
        assertThat(requested.body().get("datastore").asText()).isEqualTo("ibs-backup");
        String restoreId = requested.body().get("id").asText();
        Path online = Path.of(api.awaitCompleted("/api/v1/restores/" + restoreId, Duration.ofSeconds(60)).get("path")
                .asText());
        assertThat(Files.mismatch(online, image)).isEqualTo(-1L);
        Files.delete(online);
        // the copy's id names no snapshot in the primary datastore
        assertThat(api.post("/api/v1/restores", "{\"snapshotId\":\"" + copy + "\",\"target\":\"sync-it/x.raw\"}")
                .status()).isEqualTo(404);

        // Run Now: nothing new to copy, the copy is there already
        Cli.Result now = cli.run("sync-job", "run", "--name", "weekly-archival", "--wait");
        assertThat(now.exitCode()).as(now.stderr()).isZero();
        assertThat(now.stdout()).startsWith("sync run ").contains(" of weekly-archival completed ")
                .contains(": 0 copied, 0 removed");

        // deleted: it runs no more, and the copy stays on the Backup site
        assertThat(cli.run("sync-job", "delete", "--name", "weekly-archival").stdout())
                .isEqualTo("deleted sync job weekly-archival\n");
        assertThat(cli.run("sync-job", "list").stdout()).doesNotContain("weekly-archival");
        Cli.Result gone = cli.run("sync-job", "run", "--name", "weekly-archival");
        assertThat(gone.exitCode()).isEqualTo(3);
        assertThat(gone.stderr().lines()).hasSize(1);
        assertThat(s.data.resolve("datastores").resolve("ibs-backup").resolve(copy)).isDirectory();

        // bad input: an unknown target datastore is refused with the field at fault, and no sync job is left behind
        Cli.Result bad = cli.run("sync-job", "create", "--name", "nowhere", "--source-datastore", "ibs-primary",
                "--target-datastore", "no-such-site", "--schedule", "Sun 04:30");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.stderr().lines()).hasSize(1).first().asString().contains("targetDatastore");
        assertThat(cli.run("sync-job", "list").stdout()).doesNotContain("nowhere");
    }

    private static JsonNode lastSync(Cli cli) {
        try {
            for (JsonNode j : EventJson.mapper().readTree(cli.run("sync-job", "list", "--output", "json").stdout())) {
                if (j.path("name").asText().equals("weekly-archival")) {
                    return j.path("lastSync");
                }
            }
            return EventJson.mapper().missingNode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
