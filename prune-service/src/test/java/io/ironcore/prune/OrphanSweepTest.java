package io.ironcore.prune;

import io.ironcore.datastore.BackupGroup;
import io.ironcore.datastore.BackupMode;
import io.ironcore.datastore.BackupRequest;
import io.ironcore.datastore.BackupResult;
import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.DatastoreOptions;
import io.ironcore.datastore.FileImageSource;
import io.ironcore.datastore.Namespace;
import io.ironcore.datastore.SnapshotInfo;
import io.ironcore.datastore.FsyncPolicy;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.job.JobCreated;
import io.ironcore.events.job.JobDeleted;
import io.ironcore.events.job.JobDisabled;
import io.ironcore.events.job.JobSpec;
import io.ironcore.events.job.JobUpdated;
import io.ironcore.events.prune.PruneCompleted;
import io.ironcore.events.prune.SnapshotDecision;
import io.ironcore.events.prune.SnapshotProtectionChanged;
import io.ironcore.events.run.DatastoreRef;
import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.RunMode;
import io.ironcore.events.run.RunStats;
import io.ironcore.events.run.SnapshotCreated;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import io.ironcore.prune.service.OrphanSweep;
import io.ironcore.prune.service.SweepPass;
import io.ironcore.prune.service.SweepSelection;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sweep on real snapshots in a real datastore, with the real broker and database: a job deleted with
 * orphans=prune is pruned with its last retention, one deleted with orphans=keep is left and counted, a paused job is
 * pruned; a second sweep removes nothing more; protected snapshots stay.
 * <p>
 * Each job makes seven daily snapshots under keep-daily=7 (the pass after each run keeps them all), then its
 * retention shrinks to keep-daily=2 without a run, so that only a sweep can remove the five older ones.
 */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_prune"))
class OrphanSweepTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ZonedDateTime DAY = ZonedDateTime.of(2026, 9, 1, 2, 0, 0, 0, ZoneOffset.UTC);
    private final BackupGroup group = BackupGroup.of(Namespace.parse("production"), "vm", "12345");

    @Inject
    OrphanSweep sweep;

    private TopicProbe kafka;
    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
        dir = Files.createDirectories(IroncoreTestInfrastructure.dataDir().resolve("sweep-" + UUID.randomUUID()));
    }

    @Test
    void aJobDeletedWithOrphansPruneIsPrunedWithItsLastRetentionOnceAndItsProtectedSnapshotStays() throws Exception {
        String job = sevenDailiesThenKeepTwo("deleted-prune");
        String oldest = snapshotsOf(job).get(0).ref().toString();
        protect(job, oldest);
        delete(job, JobDeleted.Orphans.PRUNE);

        SweepPass.Result first = resultOf(sweep.sweep(), job);
        assertThat(first.selection()).isEqualTo(SweepSelection.PRUNE);
        assertThat(first.removed()).isEqualTo(4);
        assertThat(times(job)).containsExactly("2026-09-01T02:00:00Z", "2026-09-06T02:00:00Z", "2026-09-07T02:00:00Z");
        PruneCompleted told = sweepEvent(job);
        assertThat(told.runId()).isNull();
        assertThat(told.retention()).isEqualTo("keep-daily=2");
        assertThat(told.removed()).hasSize(4).extracting(SnapshotDecision::reason)
                .containsOnly("not kept by any window");
        assertThat(told.kept()).extracting(SnapshotDecision::reason).containsExactlyInAnyOrder("protected",
                "daily 1 of 2", "daily 2 of 2");

        SweepPass.Result second = resultOf(sweep.sweep(), job);
        assertThat(second.removed()).isZero();
        assertThat(second.kept()).isEqualTo(3);
        assertThat(times(job)).hasSize(3);
        assertThat(sweepEvents(job)).hasSize(1); // nothing removed, nothing told
    }

    @Test
    void aJobDeletedWithOrphansKeepIsNeverPrunedAndIsCounted() throws Exception {
        String job = sevenDailiesThenKeepTwo("deleted-keep");
        delete(job, JobDeleted.Orphans.KEEP);

        OrphanSweep.Report report = sweep.sweep();
        SweepPass.Result r = resultOf(report, job);
        assertThat(r.selection()).isEqualTo(SweepSelection.KEEP_ORPHANS);
        assertThat(r.removed()).isZero();
        assertThat(r.kept()).isEqualTo(7);
        assertThat(r.groups()).isEqualTo(1);
        assertThat(snapshotsOf(job)).hasSize(7);
        assertThat(resultOf(sweep.sweep(), job).removed()).isZero();
        assertThat(snapshotsOf(job)).hasSize(7);
        assertThat(sweepEvents(job)).isEmpty();

        double groups = metric("ironcore_orphan_groups");
        double snapshots = metric("ironcore_orphan_snapshots");
        assertThat(groups).isGreaterThanOrEqualTo(1);
        assertThat(snapshots).isGreaterThanOrEqualTo(7);
    }

    @Test
    void aPausedJobIsPrunedAndASecondSweepRemovesNothingMore() throws Exception {
        String job = sevenDailiesThenKeepTwo("paused");
        kafka.sendEvent(Topics.JOB_EVENTS, job, EventTypes.JOB_DISABLED, UUID.randomUUID().toString(),
                new JobDisabled(job, "paused", "default", 3, Instant.now()));
        await().atMost(WAIT).until(() -> !row(job).enabled);

        SweepPass.Result first = resultOf(sweep.sweep(), job);
        assertThat(first.selection()).isEqualTo(SweepSelection.PRUNE);
        assertThat(first.removed()).isEqualTo(5);
        assertThat(times(job)).containsExactly("2026-09-06T02:00:00Z", "2026-09-07T02:00:00Z");
        assertThat(sweepEvent(job).removed()).hasSize(5);

        assertThat(resultOf(sweep.sweep(), job).removed()).isZero();
        assertThat(times(job)).hasSize(2);
        assertThat(sweepEvents(job)).hasSize(1);
        assertThat(row(job).sweptAt).isNotNull();
        assertThat(row(job).sweepError).isNull();
    }

    @Test
    void aRunningJobIsLeftToItsRuns() throws Exception {
        String job = sevenDailiesThenKeepTwo("running");
        assertThat(sweep.sweep().jobs()).extracting(SweepPass.Result::jobId).doesNotContain(job);
        assertThat(snapshotsOf(job)).hasSize(7);
    }

    // --- helpers

    /** A job with keep-daily=7, seven daily runs (each pruned after it), then keep-daily=2 and no run since. */
    private String sevenDailiesThenKeepTwo(String name) throws Exception {
        String id = UUID.randomUUID().toString();
        kafka.sendEvent(Topics.JOB_EVENTS, id, EventTypes.JOB_CREATED, UUID.randomUUID().toString(),
                new JobCreated(id, name, "default", spec("keep-daily=7"), Instant.now(), 1L));
        await().atMost(WAIT).until(() -> row(id) != null);
        for (int d = 0; d < 7; d++) {
            backupAndPrune(id, DAY.plusDays(d).toInstant(), d);
        }
        assertThat(snapshotsOf(id)).hasSize(7);
        kafka.sendEvent(Topics.JOB_EVENTS, id, EventTypes.JOB_UPDATED, UUID.randomUUID().toString(),
                new JobUpdated(id, name, "default", 2, spec("keep-daily=2"), Instant.now()));
        await().atMost(WAIT).until(() -> "keep-daily=2".equals(row(id).retention));
        return id;
    }

    private static JobSpec spec(String retention) {
        return new JobSpec("vm", List.of("12345"), "ibs-primary", "production", RunMode.INCREMENTAL, "02:00", "UTC",
                retention, "always", null, true);
    }

    private void delete(String job, JobDeleted.Orphans orphans) {
        kafka.sendEvent(Topics.JOB_EVENTS, job, EventTypes.JOB_DELETED, UUID.randomUUID().toString(),
                new JobDeleted(job, "j", "default", Instant.now(), orphans));
        await().atMost(WAIT).until(() -> row(job).deleted());
        assertThat(row(job).orphans).isEqualTo(orphans);
        assertThat(storedOrphans(job)).isEqualTo(orphans.wire()); // the column keeps its text: keep or prune
        assertThat(row(job).retention).isEqualTo("keep-daily=2");
    }

    private void backupAndPrune(String jobId, Instant at, int n) throws Exception {
        Path image = dir.resolve("image-" + jobId + ".raw");
        byte[] bytes = new byte[64 * 1024];
        new Random(n).nextBytes(bytes);
        Files.write(image, bytes);
        String runId = UUID.randomUUID().toString();
        BackupResult result;
        DatastoreOptions options = DatastoreOptions.builder().clock(Clock.fixed(at, ZoneId.of("UTC")))
                .fsyncPolicy(FsyncPolicy.NONE).build();
        Path ds = dir.resolve("ds");
        try (Datastore store = Files.exists(ds.resolve(".datastore.json")) ? Datastore.open(ds, options)
                : Datastore.create(ds, options)) {
            result = store.backup(BackupRequest.builder(group).mode(BackupMode.INCREMENTAL).jobId(jobId).runId(runId)
                    .image(FileImageSource.open("drive-scsi0", image)).build());
        }
        kafka.sendEvent(Topics.RUN_EVENTS, jobId, EventTypes.RUN_COMPLETED, UUID.randomUUID().toString(),
                new RunCompleted(runId, jobId, "job", "w1", "incremental", "ibs-primary", "production", at, at,
                        new RunStats(1, 1, 1, 1, 1, 0, 0),
                        List.of(new SnapshotCreated("12345", result.snapshot().toString(), 1)), ds.toString(),
                        "backup"));
        await().atMost(WAIT).until(() -> pruned(runId));
    }

    private void protect(String jobId, String snapshot) {
        kafka.sendEvent(Topics.JOB_EVENTS, jobId, EventTypes.SNAPSHOT_PROTECTION_CHANGED, UUID.randomUUID().toString(),
                new SnapshotProtectionChanged(snapshot, jobId, new DatastoreRef("ibs-primary",
                        dir.resolve("ds").toString()), true, "alice", Instant.now()));
        await().atMost(WAIT).until(() -> isProtected(snapshot));
    }

    private static SweepPass.Result resultOf(OrphanSweep.Report report, String jobId) {
        return report.jobs().stream().filter(j -> j.jobId().equals(jobId)).findFirst()
                .orElseThrow(() -> new AssertionError("the sweep did not look at job " + jobId));
    }

    /** The sweep's PruneCompleted of the job (no run id), once the relay has published it. */
    private PruneCompleted sweepEvent(String jobId) {
        return EventJson.read(kafka.await(Topics.PRUNE_EVENTS, r -> jobId.equals(r.key())
                && EventTypes.PRUNE_COMPLETED.equals(r.ceType())
                && EventJson.read(r.value(), PruneCompleted.class).runId() == null, WAIT).value(),
                PruneCompleted.class);
    }

    /** The job's sweep PruneCompleted in the outbox (published or not): what the sweep told. */
    @Transactional
    List<String> sweepEvents(String jobId) {
        @SuppressWarnings("unchecked")
        List<Object> rows = PrunePass.getEntityManager().createNativeQuery(
                        "SELECT payload::text FROM outbox_event WHERE aggregate_id = ?1 AND type = ?2"
                                + " AND payload->>'runId' IS NULL")
                .setParameter(1, jobId).setParameter(2, EventTypes.PRUNE_COMPLETED).getResultList();
        return rows.stream().map(String::valueOf).toList();
    }

    private List<SnapshotInfo> snapshotsOf(String jobId) throws IOException {
        try (Datastore ds = Datastore.open(dir.resolve("ds"))) {
            return ds.listSnapshots(group).stream().filter(i -> jobId.equals(i.manifest().jobId()))
                    .sorted(java.util.Comparator.comparing(i -> i.ref().time())).toList();
        }
    }

    private List<String> times(String jobId) throws IOException {
        return snapshotsOf(jobId).stream().map(i -> i.ref().time().toString()).toList();
    }

    private static double metric(String name) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return body.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError(name + " not in /q/metrics"));
    }

    @Transactional
    JobRetention row(String jobId) {
        return JobRetention.findById(jobId);
    }

    @Transactional
    String storedOrphans(String jobId) {
        return (String) JobRetention.getEntityManager()
                .createNativeQuery("SELECT orphans FROM job_retention WHERE job_id = :id")
                .setParameter("id", jobId).getSingleResult();
    }

    @Transactional
    boolean pruned(String runId) {
        PrunePass p = PrunePass.findById(runId);
        return p != null && p.state == PrunePass.State.DONE;
    }

    @Transactional
    boolean isProtected(String snapshot) {
        return ProtectedSnapshot.findById(snapshot) != null;
    }
}
