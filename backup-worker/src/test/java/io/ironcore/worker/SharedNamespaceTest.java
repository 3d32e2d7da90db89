package io.ironcore.worker;

import io.ironcore.datastore.BackupGroup;
import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.Namespace;
import io.ironcore.datastore.SnapshotRef;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.run.DatastoreRef;
import io.ironcore.events.run.DiskImage;
import io.ironcore.events.run.RunAction;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two projects share one datastore namespace: each backup makes its group its project's, another project's backup of
 * that group is refused, and a verify job without sources checks (and names) only its own project's groups.
 */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_worker"))
class SharedNamespaceTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Namespace SHARED = Namespace.parse("shared");
    private TopicProbe kafka;
    private Path dir;

    @BeforeEach
    void setUp() throws Exception {
        kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
        dir = Files.createDirectories(IroncoreTestInfrastructure.dataDir().resolve("shared-" + UUID.randomUUID()));
    }

    @Test
    void eachProjectOwnsItsGroupsAndVerifiesAndNamesOnlyThose() throws Exception {
        BackupGroup alphaVm = BackupGroup.of(SHARED, "vm", "401");
        BackupGroup betaVm = BackupGroup.of(SHARED, "vm", "402");
        Path alphaImage = image("401", 41);
        Path betaImage = image("402", 42);
        RunCompleted alpha = completed(send(backup("alpha", "401", alphaImage)));
        Set<Path> alphaChunks = chunks();
        RunCompleted beta = completed(send(backup("beta", "402", betaImage)));
        Set<Path> betaChunks = chunks();
        betaChunks.removeAll(alphaChunks);
        try (Datastore ds = Datastore.open(dir.resolve("ds"))) {
            assertThat(ds.groupOwner(alphaVm)).contains("alpha");
            assertThat(ds.groupOwner(betaVm)).contains("beta");
        }

        // beta cannot add a snapshot to alpha's group, and is not told whose it is
        RunFailed refused = failed(send(backup("beta", "401", betaImage)));
        assertThat(refused.reason()).isEqualTo("backup group ns/shared/vm/401 belongs to another project; project "
                + "beta may not write to it").doesNotContain("alpha");
        try (Datastore ds = Datastore.open(dir.resolve("ds"))) {
            assertThat(ds.listSnapshots(alphaVm)).hasSize(1);
        }

        // a clean verify of alpha's groups checks alpha's chunks, not beta's
        RunCompleted clean = completed(send(verify("alpha", List.of())));
        assertThat(clean.stats().chunks()).isEqualTo(alpha.stats().chunks() - alpha.stats().chunksZero());

        corrupt(largest(alphaChunks));
        corrupt(largest(betaChunks));
        String alphaSnapshot = alpha.snapshots().get(0).snapshotId();
        String betaSnapshot = beta.snapshots().get(0).snapshotId();
        // the snapshot's time travels with it, so no consumer parses the id
        assertThat(alpha.snapshots().get(0).createdAt()).isNotNull()
                .isEqualTo(SnapshotRef.parse(alphaSnapshot).time());

        RunFailed alphaVerify = failed(send(verify("alpha", List.of())));
        assertThat(alphaVerify.reason()).isEqualTo("verification found damaged snapshots: " + alphaSnapshot
                + " (1 corrupt, 0 missing chunks)").doesNotContain("vm/402");
        RunFailed betaVerify = failed(send(verify("beta", List.of())));
        assertThat(betaVerify.reason()).isEqualTo("verification found damaged snapshots: " + betaSnapshot
                + " (1 corrupt, 0 missing chunks)").doesNotContain("vm/401");

        // naming alpha's group as a source is like naming a group that does not exist
        RunCompleted nothing = completed(send(verify("beta", List.of(new RunSource("401", "vm", List.of())))));
        assertThat(nothing.stats().chunks()).isZero();
        // and a run that names no project verifies nothing
        RunFailed anonymous = failed(send(verify(null, List.of())));
        assertThat(anonymous.reason()).endsWith("project 'null' is not a valid project name ([a-z0-9][a-z0-9-]*)");
    }

    private Path image(String id, long seed) {
        Path image = dir.resolve(id + ".raw");
        DemoData.writeImage(image, 12L << 20, seed);
        return image;
    }

    private RunRequested backup(String project, String vm, Path image) {
        return request(project, List.of(new RunSource(vm, "vm-" + vm, List.of(new DiskImage("drive-scsi0",
                image.toString())))), RunAction.BACKUP);
    }

    private RunRequested verify(String project, List<RunSource> sources) {
        return request(project, sources, RunAction.VERIFY);
    }

    private RunRequested request(String project, List<RunSource> sources, RunAction action) {
        return new RunRequested(UUID.randomUUID().toString(), UUID.randomUUID().toString(), "job", project, RunRequested.Trigger.MANUAL,
                null, Instant.now(), RunMode.FULL, new DatastoreRef("ibs-shared", dir.resolve("ds").toString()),
                SHARED.toString(), sources, action);
    }

    private String send(RunRequested r) {
        kafka.sendEvent(Topics.RUN_REQUESTS, r.jobId(), EventTypes.RUN_REQUESTED, UUID.randomUUID().toString(), r);
        return r.runId();
    }

    private Set<Path> chunks() throws IOException {
        try (Stream<Path> s = Files.walk(dir.resolve("ds/.chunks"))) {
            return s.filter(Files::isRegularFile).collect(Collectors.toCollection(HashSet::new));
        }
    }

    /** The largest chunk file: random data, which no other image of these tests holds (zeros compress to little). */
    private static Path largest(Set<Path> chunks) {
        return chunks.stream().max(Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
    }

    private static void corrupt(Path chunk) throws IOException {
        byte[] bytes = Files.readAllBytes(chunk);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(chunk, bytes);
    }

    private RunCompleted completed(String runId) {
        return EventJson.read(await(EventTypes.RUN_COMPLETED, runId).value(), RunCompleted.class);
    }

    private RunFailed failed(String runId) {
        return EventJson.read(await(EventTypes.RUN_FAILED, runId).value(), RunFailed.class);
    }

    private TopicProbe.Rec await(String type, String id) {
        return kafka.await(Topics.RUN_EVENTS, r -> type.equals(r.ceType()) && r.valueString().contains(id), WAIT);
    }
}
