package io.ironcore.worker;

import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.SnapshotRef;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.run.DatastoreRef;
import io.ironcore.events.run.DiskImage;
import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.RunFailed;
import io.ironcore.events.run.RunMode;
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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The worker reads disk images only below its source roots (the test profile's root is the test JVM's scratch
 * directory), checked when it opens them: a forged RunRequested naming anything else fails at once, with the reason,
 * and writes nothing. Block devices are sized properly and backed up whole.
 */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_worker"))
class SourceRootsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SETTING = "(ironcore.worker.source-roots)";

    private TopicProbe kafka;
    private Path dir;

    @BeforeEach
    void setUp() throws Exception {
        kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
        dir = Files.createDirectories(IroncoreTestInfrastructure.dataDir().resolve("roots-" + UUID.randomUUID()));
    }

    @Test
    void aDiskOutsideTheRootsOrThatIsNoImageFailsTheRunAtOnceAndWritesNothing() throws Exception {
        Path root = IroncoreTestInfrastructure.dataDir().toRealPath();
        Files.createSymbolicLink(dir.resolve("link.raw"), Path.of("/etc/passwd"));
        Files.createDirectories(dir.resolve("subdir"));
        Files.createFile(dir.resolve("empty.raw"));
        run("mknod", dir.resolve("zero").toString(), "c", "1", "5");
        String dotdot = dir + "/../../../../../../../etc/passwd";
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("/etc/shadow", "disk /etc/shadow of vm/12345 is outside the worker's source roots " + SETTING);
        cases.put(dir.resolve("link.raw").toString(), "disk " + dir.resolve("link.raw")
                + " of vm/12345 is outside the worker's source roots " + SETTING);
        cases.put(dotdot, "disk " + dotdot + " of vm/12345 is outside the worker's source roots " + SETTING);
        cases.put("/etc/absent-" + UUID.randomUUID(), "is outside the worker's source roots " + SETTING);
        cases.put(root.toString(), "disk " + root + " of vm/12345 is outside the worker's source roots " + SETTING);
        cases.put(dir.resolve("subdir").toString(), "disk " + dir.resolve("subdir")
                + " of vm/12345 is not a regular file or block device");
        cases.put(dir.resolve("zero").toString(), "disk " + dir.resolve("zero")
                + " of vm/12345 is not a regular file or block device");
        cases.put(dir.resolve("empty.raw").toString(), "disk " + dir.resolve("empty.raw") + " of vm/12345 has size 0");
        Map<String, RunRequested> sent = new LinkedHashMap<>();
        for (String disk : cases.keySet()) {
            RunRequested req = request(disk);
            kafka.sendEvent(Topics.RUN_REQUESTS, req.jobId(), EventTypes.RUN_REQUESTED, UUID.randomUUID().toString(),
                    req);
            sent.put(disk, req);
        }
        for (Map.Entry<String, RunRequested> e : sent.entrySet()) {
            RunFailed failed = failed(e.getValue().runId());
            assertThat(failed.reason()).as(e.getKey()).endsWith(cases.get(e.getKey()));
            assertThat(failed.attempt()).as("permanent: %s", e.getKey()).isEqualTo(1);
        }
        assertThat(dir.resolve("ds")).as("no datastore written").doesNotExist();
    }

    @Test
    void aMultiDiskRunWithOneDiskOutsideWritesNoSnapshotOfTheOthers() throws Exception {
        Path good = dir.resolve("good.raw");
        DemoData.writeImage(good, 2L << 20, 3);
        RunRequested req = new RunRequested(UUID.randomUUID().toString(), UUID.randomUUID().toString(), "job",
                "default", RunRequested.Trigger.MANUAL, null, Instant.now(), RunMode.INCREMENTAL,
                new DatastoreRef("ibs-primary", dir.resolve("ds").toString()), "production", List.of(
                new RunSource("1", "vm-1", List.of(new DiskImage("drive-scsi0", good.toString()))),
                new RunSource("2", "vm-2", List.of(new DiskImage("drive-scsi0", "/proc/self/environ")))));
        kafka.sendEvent(Topics.RUN_REQUESTS, req.jobId(), EventTypes.RUN_REQUESTED, UUID.randomUUID().toString(), req);
        assertThat(failed(req.runId()).reason()).isEqualTo("disk /proc/self/environ of vm/2 is outside the worker's "
                + "source roots " + SETTING);
        assertThat(dir.resolve("ds")).doesNotExist();

        RunRequested noDisks = new RunRequested(UUID.randomUUID().toString(), UUID.randomUUID().toString(), "job",
                "default", RunRequested.Trigger.MANUAL, null, Instant.now(), RunMode.INCREMENTAL,
                new DatastoreRef("ibs-primary", dir.resolve("ds").toString()), "production",
                List.of(new RunSource("3", "vm-3", List.of())));
        kafka.sendEvent(Topics.RUN_REQUESTS, noDisks.jobId(), EventTypes.RUN_REQUESTED, UUID.randomUUID().toString(),
                noDisks);
        assertThat(failed(noDisks.runId()).reason()).isEqualTo("source vm/3 has no disks");
    }

    /** A loop device (root and losetup needed; skipped, saying so, without them), its node inside the root. */
    @Test
    void aBlockDeviceIsBackedUpWholeAndRestoresByteForByte() throws Exception {
        Path backing = dir.resolve("backing.img");
        DemoData.writeImage(backing, (6L << 20) + 4096, 17);
        String loop = attach(backing);
        assumeTrue(loop != null, "losetup -f --show is not possible on this machine");
        try {
            long rdev = (Long) Files.getAttribute(Path.of(loop), "unix:rdev");
            Path node = dir.resolve("vm-100-disk-0");
            run("mknod", node.toString(), "b", String.valueOf((rdev >> 8) & 0xfff),
                    String.valueOf((rdev & 0xff) | ((rdev >> 12) & ~0xffL)));
            RunRequested req = request(node.toString());
            kafka.sendEvent(Topics.RUN_REQUESTS, req.jobId(), EventTypes.RUN_REQUESTED, UUID.randomUUID().toString(),
                    req);
            RunCompleted done = EventJson.read(kafka.await(Topics.RUN_EVENTS, r -> EventTypes.RUN_COMPLETED.equals(
                    r.ceType()) && r.valueString().contains(req.runId()), WAIT).value(), RunCompleted.class);
            assertThat(done.stats().bytesRead()).isEqualTo(Files.size(backing));
            Path restored = dir.resolve("restored.raw");
            try (Datastore ds = Datastore.open(dir.resolve("ds"))) {
                ds.restore(SnapshotRef.parse(done.snapshots().get(0).snapshotId()), "drive-scsi0", restored);
            }
            assertThat(Files.mismatch(backing, restored)).isEqualTo(-1L);

            RunRequested outside = request(loop);     // the same device by its own node, outside the roots
            kafka.sendEvent(Topics.RUN_REQUESTS, outside.jobId(), EventTypes.RUN_REQUESTED,
                    UUID.randomUUID().toString(), outside);
            assertThat(failed(outside.runId()).reason()).isEqualTo("disk " + loop
                    + " of vm/12345 is outside the worker's source roots " + SETTING);
        } finally {
            run("losetup", "-d", loop);
        }
    }

    private RunRequested request(String disk) {
        return new RunRequested(UUID.randomUUID().toString(), UUID.randomUUID().toString(), "job", "default",
                RunRequested.Trigger.MANUAL, null, Instant.now(), RunMode.FULL, new DatastoreRef("ibs-primary",
                dir.resolve("ds").toString()),
                "production", List.of(new RunSource("12345", "web-01", List.of(new DiskImage("drive-scsi0", disk)))));
    }

    private RunFailed failed(String runId) {
        return EventJson.read(kafka.await(Topics.RUN_EVENTS, r -> EventTypes.RUN_FAILED.equals(r.ceType())
                && runId.equals(EventJson.read(r.value(), RunFailed.class).runId()), WAIT).value(), RunFailed.class);
    }

    private static String attach(Path file) {
        try {
            Process p = new ProcessBuilder("losetup", "-f", "--show", file.toString()).redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && out.startsWith("/dev/") ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed");
        }
    }
}
