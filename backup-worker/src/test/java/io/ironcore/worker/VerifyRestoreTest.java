package io.ironcore.worker;

import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.SnapshotRef;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.restore.RestoreCompleted;
import io.ironcore.events.restore.RestoreFailed;
import io.ironcore.events.restore.RestoreRequested;
import io.ironcore.events.run.DatastoreRef;
import io.ironcore.events.run.DiskImage;
import io.ironcore.events.run.RunAction;
import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.RunFailed;
import io.ironcore.events.run.RunMode;
import io.ironcore.events.run.RunProgress;
import io.ironcore.events.run.RunRequested;
import io.ironcore.events.run.RunSource;
import io.ironcore.local.DemoData;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Progress while a run goes on, verify runs that find corruption, and restores under their project's directory. */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_worker"))
class VerifyRestoreTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private TopicProbe kafka;
    private Path dir;

    @BeforeEach
    void setUp() throws Exception {
        kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
        dir = Files.createDirectories(IroncoreTestInfrastructure.dataDir().resolve("vr-" + UUID.randomUUID()));
    }

    @Test
    void aLongRunReportsProgressAndAVerifyRunFindsACorruptChunk() throws Exception {
        Path image = dir.resolve("12345.raw");
        DemoData.writeImage(image, 160L << 20, 21);
        RunRequested backup = request(image, RunAction.BACKUP);
        kafka.sendEvent(Topics.RUN_REQUESTS, backup.jobId(), EventTypes.RUN_REQUESTED, UUID.randomUUID().toString(),
                backup);
        RunCompleted done = EventJson.read(await(EventTypes.RUN_COMPLETED, backup.runId()).value(), RunCompleted.class);
        RunProgress p = EventJson.read(await(EventTypes.RUN_PROGRESS, backup.runId()).value(), RunProgress.class);
        assertThat(p.bytesTotal()).isEqualTo(160L << 20);
        assertThat(p.bytesDone()).isBetween(1L, p.bytesTotal() - 1);
        assertThat(p.bytesPerSecond()).isPositive();

        RunRequested verify = request(image, RunAction.VERIFY);
        kafka.sendEvent(Topics.RUN_REQUESTS, verify.jobId(), EventTypes.RUN_REQUESTED, UUID.randomUUID().toString(),
                verify);
        RunCompleted clean = EventJson.read(await(EventTypes.RUN_COMPLETED, verify.runId()).value(),
                RunCompleted.class);
        assertThat(clean.stats().chunks()).isEqualTo(done.stats().chunks() - done.stats().chunksZero());

        Path chunk;
        try (Stream<Path> chunks = Files.walk(dir.resolve("ds/.chunks"))) {
            chunk = chunks.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(chunk);
        bytes[bytes.length - 1] ^= 0x5a;
        Files.write(chunk, bytes);
        RunRequested again = request(image, RunAction.VERIFY);
        kafka.sendEvent(Topics.RUN_REQUESTS, again.jobId(), EventTypes.RUN_REQUESTED, UUID.randomUUID().toString(),
                again);
        RunFailed failed = EventJson.read(await(EventTypes.RUN_FAILED, again.runId()).value(), RunFailed.class);
        assertThat(failed.reason()).startsWith("verification found damaged snapshots: ")
                .contains(done.snapshots().get(0).snapshotId()).contains("1 corrupt");
        assertThat(failed.attempt()).isEqualTo(1);
    }

    @Test
    void aRestoreWritesTheImageBelowTheRestoreDirectoryAndNowhereElse() throws Exception {
        Path image = dir.resolve("12346.raw");
        DemoData.writeImage(image, 6L << 20, 33);
        RunRequested backup = request(image, RunAction.BACKUP);
        kafka.sendEvent(Topics.RUN_REQUESTS, backup.jobId(), EventTypes.RUN_REQUESTED, UUID.randomUUID().toString(),
                backup);
        String snapshot = EventJson.read(await(EventTypes.RUN_COMPLETED, backup.runId()).value(), RunCompleted.class)
                .snapshots().get(0).snapshotId();

        String target = "vr/" + UUID.randomUUID() + "/disk.raw";
        RestoreRequested restore = restore(backup, snapshot, target);
        RestoreCompleted ok = EventJson.read(await(EventTypes.RESTORE_COMPLETED, restore.restoreId()).value(),
                RestoreCompleted.class);
        assertThat(ok.bytes()).isEqualTo(6L << 20);
        assertThat(Files.mismatch(image, Path.of(ok.path()))).isEqualTo(-1L);
        assertThat(Path.of(ok.path()).toAbsolutePath().normalize().toString()).endsWith(target);
        Path restoreRoot = Path.of("target/test-restores").toRealPath();
        assertThat(Path.of(ok.path())).isEqualTo(restoreRoot.resolve("default").resolve(target));

        RestoreRequested escape = restore(backup, snapshot, "../../escape.raw");
        RestoreFailed refused = EventJson.read(await(EventTypes.RESTORE_FAILED, escape.restoreId()).value(),
                RestoreFailed.class);
        assertThat(refused.reason()).isEqualTo("target ../../escape.raw is not below the restore directory of "
                + "project default");
        // links out of the root: a project directory that is one, and one inside the project's directory
        Path outside = Files.createDirectories(dir.resolve("outside"));
        String evil = "evil-" + UUID.randomUUID().toString().substring(0, 8);
        Files.createSymbolicLink(restoreRoot.resolve(evil), outside);
        Path link = restoreRoot.resolve("default").resolve("link-" + UUID.randomUUID());
        Files.createSymbolicLink(link, outside);
        Map<RestoreRequested, String> refusals = new LinkedHashMap<>();
        refusals.put(restore(backup, snapshot, "disk.raw", evil), "target disk.raw is not below the restore "
                + "directory of project " + evil + " (" + restoreRoot.resolve(evil) + " is a symbolic link or not a "
                + "directory)");
        refusals.put(restore(backup, snapshot, link.getFileName() + "/disk.raw", "default"), "target "
                + link.getFileName() + "/disk.raw is not below the restore directory of project default (" + link
                + " is a symbolic link or not a directory)");
        refusals.put(restore(backup, snapshot, "/tmp/abs.raw", "default"), "target /tmp/abs.raw is not below the "
                + "restore directory of project default");
        refusals.put(restore(backup, snapshot, "x.raw", "../default"), "project '../default' is not a valid project "
                + "name ([a-z0-9][a-z0-9-]*)");
        refusals.put(restore(backup, snapshot, "x.raw", null), "project 'null' is not a valid project name "
                + "([a-z0-9][a-z0-9-]*)");
        for (Map.Entry<RestoreRequested, String> e : refusals.entrySet()) {
            assertThat(EventJson.read(await(EventTypes.RESTORE_FAILED, e.getKey().restoreId()).value(),
                    RestoreFailed.class).reason()).endsWith(e.getValue());
        }
        try (Stream<Path> written = Files.list(outside)) {
            assertThat(written).as("nothing written through a link").isEmpty();
        }
        RestoreRequested wrongImage = new RestoreRequested(UUID.randomUUID().toString(), backup.jobId(), "default",
                backup.datastore(), snapshot, "drive-virtio9", "vr/x.raw", "test", Instant.now());
        kafka.sendEvent(Topics.RUN_REQUESTS, backup.jobId(), EventTypes.RESTORE_REQUESTED, UUID.randomUUID().toString(),
                wrongImage);
        assertThat(EventJson.read(await(EventTypes.RESTORE_FAILED, wrongImage.restoreId()).value(), RestoreFailed.class)
                .reason()).contains("has no image drive-virtio9");
        try (Datastore ds = Datastore.open(dir.resolve("ds"))) {
            assertThat(ds.listSnapshots(SnapshotRef.parse(snapshot).group())).hasSize(1);
        }
    }

    private RestoreRequested restore(RunRequested backup, String snapshot, String target) {
        return restore(backup, snapshot, target, "default");
    }

    private RestoreRequested restore(RunRequested backup, String snapshot, String target, String project) {
        RestoreRequested r = new RestoreRequested(UUID.randomUUID().toString(), backup.jobId(), project,
                backup.datastore(), snapshot, "drive-scsi0", target, "test", Instant.now());
        kafka.sendEvent(Topics.RUN_REQUESTS, backup.jobId(), EventTypes.RESTORE_REQUESTED, UUID.randomUUID().toString(),
                r);
        return r;
    }

    private RunRequested request(Path image, RunAction action) {
        return new RunRequested(UUID.randomUUID().toString(), UUID.randomUUID().toString(), "job", "default",
                RunRequested.Trigger.MANUAL, null, Instant.now(), RunMode.INCREMENTAL, new DatastoreRef("ibs-primary",
                dir.resolve("ds")
                .toString()), "production", action == RunAction.VERIFY ? List.of()
                : List.of(new RunSource(image.getFileName().toString().replace(".raw", ""), "vm",
                List.of(new DiskImage("drive-scsi0", image.toString())))), action);
    }

    private TopicProbe.Rec await(String type, String id) {
        return kafka.await(Topics.RUN_EVENTS, r -> type.equals(r.ceType()) && r.valueString().contains(id), WAIT);
    }
}
