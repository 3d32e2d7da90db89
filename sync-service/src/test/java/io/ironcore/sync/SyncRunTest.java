package io.ironcore.sync;

import io.ironcore.datastore.BackupGroup;
import io.ironcore.datastore.BackupMode;
import io.ironcore.datastore.BackupRequest;
import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.DatastoreOptions;
import io.ironcore.datastore.FileImageSource;
import io.ironcore.datastore.Namespace;
import io.ironcore.datastore.SnapshotInfo;
import io.ironcore.datastore.SnapshotRef;
import io.ironcore.datastore.FsyncPolicy;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.run.DatastoreRef;
import io.ironcore.events.schedule.ScheduleTick;
import io.ironcore.events.sync.SyncCompleted;
import io.ironcore.events.sync.SyncFailed;
import io.ironcore.events.sync.SyncJobCreated;
import io.ironcore.events.sync.SyncJobDeleted;
import io.ironcore.events.sync.SyncRequested;
import io.ironcore.events.sync.SyncStarted;
import io.ironcore.events.sync.SyncedSnapshot;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.transaction.Transactional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * sync-service copies the weekly fulls of a primary datastore to a Backup-site datastore when a sync job's tick
 * arrives, and applies the target's retention: the real broker, database and datastore directories.
 */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_sync"))
class SyncRunTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final BackupGroup group = BackupGroup.of(Namespace.parse("production"), "vm", "12345");
    private TopicProbe kafka;
    private Path dir;
    private byte[] lastFullImage;

    @BeforeEach
    void setUp() throws IOException {
        kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
        dir = Files.createDirectories(IroncoreTestInfrastructure.dataDir().resolve("sync-" + UUID.randomUUID()));
    }

    @Test
    void weeklyFullsReachTheBackupSiteOnlyWhatItsRetentionKeepsAndTheyRestoreFromThere() throws Exception {
        // six weeks of the page's pattern on the primary: daily incrementals at 02:00, weekly fulls Sunday 03:00
        ZonedDateTime day = ZonedDateTime.of(2026, 10, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        for (int d = 0; d < 42; d++, day = day.plusDays(1)) {
            backup(day.withHour(2).toInstant(), BackupMode.INCREMENTAL, d);
            if (day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                backup(day.withHour(3).toInstant(), BackupMode.FULL, 1000 + d);
            }
        }
        List<SnapshotInfo> fulls = primaryFulls();
        assertThat(fulls).hasSize(7); // the first backup of the group is a full whatever was asked
        byte[] newestFull = lastFullImage;
        try (Datastore site = Datastore.create(dir.resolve("site"), DatastoreOptions.defaults())) {
            // an empty Backup-site datastore
        }
        String job = syncJob("weekly-archival", dir.resolve("site"), "keep-weekly=3");

        String first = tick(job, Instant.parse("2026-11-08T04:30:00Z"), 2);

        SyncCompleted done = completed(first);
        assertThat(done.copied()).extracting(SyncedSnapshot::sourceSnapshotId).containsExactly(
                fulls.get(2).ref().toString(), fulls.get(1).ref().toString(), fulls.get(0).ref().toString());
        assertThat(done.copied()).extracting(SyncedSnapshot::snapshotId).allMatch(s -> s.startsWith("ns/archive/"));
        assertThat(done.removed()).isEmpty();
        assertThat(done.bytesCopied()).isPositive();
        assertThat(syncEvents(first, EventTypes.SYNC_STARTED)).hasSize(1);
        BackupGroup archived = BackupGroup.of(Namespace.parse("archive"), "vm", "12345");
        try (Datastore site = Datastore.open(dir.resolve("site"))) {
            List<SnapshotInfo> there = site.listSnapshots(archived);
            assertThat(there).extracting(SnapshotInfo::ref).extracting(SnapshotRef::time)
                    .containsExactly(fulls.get(0).ref().time(), fulls.get(1).ref().time(), fulls.get(2).ref().time());
            assertThat(there).allMatch(s -> s.manifest().mode() == BackupMode.FULL);
            Path restored = dir.resolve("restored.raw");
            site.restore(there.get(0).ref(), "drive-scsi0", restored);
            assertThat(Files.readAllBytes(restored)).isEqualTo(newestFull);
            assertThat(site.verify(there.get(0).ref()).ok()).isTrue();
        }
        assertThat(run(first).state).isEqualTo(SyncRun.State.DONE);
        assertThat(storedState(first)).isEqualTo("DONE");

        // a week later: one new full; the target keeps three, so its oldest goes
        backup(Instant.parse("2026-11-15T03:00:00Z"), BackupMode.FULL, 5000);
        String second = tick(job, Instant.parse("2026-11-15T04:30:00Z"), 1);
        SyncCompleted next = completed(second);
        assertThat(next.copied()).hasSize(1);
        assertThat(next.alreadyPresent()).isEqualTo(3);
        assertThat(next.removed()).extracting(s -> SnapshotRef.parse(s.snapshotId()).time())
                .containsExactly(fulls.get(2).ref().time());
        try (Datastore site = Datastore.open(dir.resolve("site"))) {
            assertThat(site.listSnapshots(archived)).hasSize(3);
        }
        assertThat(runCount(job)).isEqualTo(2);
    }

    @Test
    void anUnreachableSourceFailsTheRunWithItsReasonAndTheNextTickRunsAgain() throws Exception {
        Path site = dir.resolve("site");
        String job = syncJob("from-nowhere", site, null);

        String tickId = tick(job, Instant.parse("2026-11-01T04:30:00Z"), 1);

        SyncFailed failed = EventJson.read(kafka.await(Topics.SYNC_EVENTS, r -> EventTypes.SYNC_FAILED.equals(
                r.ceType()) && tickId.equals(EventJson.read(r.value(), SyncFailed.class).syncRunId()), WAIT).value(),
                SyncFailed.class);
        assertThat(failed.reason()).contains(dir.resolve("primary").toString()).contains("not reachable");
        assertThat(failed.copied()).isEmpty();
        assertThat(run(tickId).state).isEqualTo(SyncRun.State.FAILED);
        assertThat(storedState(tickId)).isEqualTo("FAILED");
        assertThat(site).doesNotExist();

        // the primary's first backup; the Backup site's datastore is created on first use, like a worker's
        backup(Instant.parse("2026-11-01T03:00:00Z"), BackupMode.FULL, 1);
        String again = tick(job, Instant.parse("2026-11-08T04:30:00Z"), 1);
        assertThat(completed(again).copied()).hasSize(1);
        assertThat(site.resolve(".datastore.json")).exists();
    }

    @Test
    void aDeletedSyncJobRunsNoMoreItsQueuedRunIsCancelledAndRunNowQueuesARun() throws Exception {
        backup(Instant.parse("2026-11-01T03:00:00Z"), BackupMode.FULL, 7);
        String job = syncJob("short-lived", dir.resolve("site"), null);
        String requested = job + "@2026-11-02T10:00:00Z";
        kafka.sendEvent(Topics.JOB_EVENTS, job, EventTypes.SYNC_REQUESTED, UUID.randomUUID().toString(),
                new SyncRequested(requested, job, "short-lived", "default", "alice",
                        Instant.parse("2026-11-02T10:00:00Z")));
        assertThat(completed(requested).copied()).hasSize(1);

        kafka.sendEvent(Topics.JOB_EVENTS, job, EventTypes.SYNC_JOB_DELETED, UUID.randomUUID().toString(),
                new SyncJobDeleted(job, "short-lived", "default", Instant.now()));
        await().atMost(WAIT).until(() -> !known(job) || !enabled(job));
        Instant slot = Instant.parse("2026-11-08T04:30:00Z");
        String late = ScheduleTick.tickId(job, slot);
        String eventId = UUID.randomUUID().toString();
        kafka.sendEvent(Topics.TICKS, job, EventTypes.SCHEDULE_TICK, eventId,
                new ScheduleTick(late, job, ScheduleTick.Kind.SYNC, "sync", "default", slot, slot, false));
        await().atMost(WAIT).until(() -> handled(eventId));
        assertThat(run(late)).isNull();
    }

    @Test
    void aRunWhoseInstanceDiedIsTakenOverAndFinishedWithoutASecondStart() throws Exception {
        backup(Instant.parse("2026-11-01T03:00:00Z"), BackupMode.FULL, 11);
        String job = syncJob("orphaned", dir.resolve("site"), null);
        String runId = job + "@2026-11-01T04:30:00Z";
        abandonedRun(job, runId);

        SyncCompleted done = completed(runId);

        assertThat(done.copied()).hasSize(1);
        assertThat(run(runId).owner).isNotEqualTo("an-instance-that-died");
        assertThat(syncEvents(runId, EventTypes.SYNC_STARTED)).isEmpty();
    }

    @Test
    void aProjectsSyncJobOverANamespaceSharedWithAnotherProjectCopiesOnlyItsOwnGroups() throws Exception {
        Namespace production = Namespace.parse("production");
        BackupGroup alphaVm = BackupGroup.of(production, "vm", "501");
        BackupGroup betaVm = BackupGroup.of(production, "vm", "502");
        BackupGroup legacyVm = BackupGroup.of(production, "vm", "503");
        backup(alphaVm, "alpha", Instant.parse("2026-11-01T03:00:00Z"), BackupMode.FULL, 21);
        backup(betaVm, "beta", Instant.parse("2026-11-01T03:10:00Z"), BackupMode.FULL, 22);
        backup(legacyVm, null, Instant.parse("2026-11-01T03:20:00Z"), BackupMode.FULL, 23);
        String alphaFull;
        try (Datastore primary = Datastore.open(dir.resolve("primary"))) {
            alphaFull = primary.listSnapshots(alphaVm).get(0).ref().toString();
        }

        Path alphaSite = dir.resolve("alpha-site");
        String alphaJob = syncJob("alpha-archive", "alpha", null, alphaSite, null);
        SyncCompleted alpha = completed(tick(alphaJob, Instant.parse("2026-11-01T04:30:00Z"), 1));

        assertThat(alpha.copied()).extracting(SyncedSnapshot::sourceSnapshotId).containsExactly(alphaFull);
        assertThat(alpha.toString()).doesNotContain("vm/502").doesNotContain("beta");
        Namespace archiveNs = Namespace.parse("archive");
        try (Datastore site = Datastore.open(alphaSite)) {
            assertThat(site.listGroups(archiveNs)).containsExactly(BackupGroup.of(archiveNs, "vm", "501"));
            assertThat(site.groupOwner(BackupGroup.of(archiveNs, "vm", "501"))).contains("alpha");
        }

        // a system administrator's sync job across projects copies every group, each with its owner
        Path allSite = dir.resolve("all-site");
        String allJob = syncJob("everything", "alpha", true, allSite, null);
        SyncCompleted all = completed(tick(allJob, Instant.parse("2026-11-01T04:40:00Z"), 1));
        assertThat(all.copied()).hasSize(3);
        try (Datastore site = Datastore.open(allSite)) {
            assertThat(site.listGroups(archiveNs, "beta")).containsExactly(BackupGroup.of(archiveNs, "vm", "502"));
            assertThat(site.groupOwner(BackupGroup.of(archiveNs, "vm", "503"))).isEmpty();
        }

        // a sync job that names no project and is not a cross-project one copies nothing
        String nobodys = syncJob("nobodys", null, null, dir.resolve("nobody-site"), null);
        String tickId = tick(nobodys, Instant.parse("2026-11-01T04:50:00Z"), 1);
        SyncFailed failed = EventJson.read(kafka.await(Topics.SYNC_EVENTS, r -> EventTypes.SYNC_FAILED.equals(
                r.ceType()) && tickId.equals(EventJson.read(r.value(), SyncFailed.class).syncRunId()), WAIT).value(),
                SyncFailed.class);
        assertThat(failed.reason()).contains("names no project");
        assertThat(dir.resolve("nobody-site")).doesNotExist();
    }

    @Transactional
    void abandonedRun(String job, String runId) {
        SyncRun r = new SyncRun();
        r.id = runId;
        r.syncJobId = job;
        r.state = SyncRun.State.RUNNING;
        r.scheduledFor = Instant.parse("2026-11-01T04:30:00Z");
        r.queuedAt = Instant.now().minusSeconds(3600);
        r.startedAt = r.queuedAt;
        r.owner = "an-instance-that-died";
        r.heartbeatAt = Instant.now().minusSeconds(60);
        r.persist();
    }

    private void backup(Instant at, BackupMode mode, int seed) throws IOException {
        backup(group, "default", at, mode, seed);
    }

    /** A backup as a worker makes it for {@code owner}'s job (null: a group written before owners existed). */
    private void backup(BackupGroup group, String owner, Instant at, BackupMode mode, int seed) throws IOException {
        Path image = dir.resolve("image.raw");
        byte[] bytes = new byte[64 * 1024];
        new Random(seed).nextBytes(bytes);
        Files.write(image, bytes);
        DatastoreOptions options = DatastoreOptions.builder().clock(Clock.fixed(at, ZoneOffset.UTC))
                .fsyncPolicy(FsyncPolicy.NONE).build();
        Path ds = dir.resolve("primary");
        try (Datastore d = Files.exists(ds.resolve(".datastore.json")) ? Datastore.open(ds, options)
                : Datastore.create(ds, options)) {
            d.backup(BackupRequest.builder(group).mode(mode).jobId("weekly").runId(UUID.randomUUID().toString())
                    .owner(owner).image(FileImageSource.open("drive-scsi0", image)).build());
        }
        if (mode == BackupMode.FULL) {
            lastFullImage = bytes;
        }
    }

    private List<SnapshotInfo> primaryFulls() throws IOException {
        try (Datastore d = Datastore.open(dir.resolve("primary"))) {
            return d.listSnapshots(group).stream().filter(s -> s.manifest().mode() == BackupMode.FULL).toList();
        }
    }

    private String syncJob(String name, Path target, String retention) {
        return syncJob(name, "default", null, target, retention);
    }

    private String syncJob(String name, String project, Boolean allProjects, Path target, String retention) {
        String id = UUID.randomUUID().toString();
        kafka.sendEvent(Topics.JOB_EVENTS, id, EventTypes.SYNC_JOB_CREATED, UUID.randomUUID().toString(),
                new SyncJobCreated(id, name, project, new DatastoreRef("ibs-primary", dir.resolve("primary")
                        .toString()), "production", new DatastoreRef("ibs-backup-site", target.toString()), "archive",
                        "Sun 04:30", "UTC", retention, true, Instant.now(), allProjects));
        await().atMost(WAIT).until(() -> known(id));
        return id;
    }

    /** Sends a tick of the sync job {@code times} times (a redelivery must not run it twice); returns its id. */
    private String tick(String job, Instant slot, int times) {
        String tickId = ScheduleTick.tickId(job, slot);
        for (int i = 0; i < times; i++) {
            kafka.sendEvent(Topics.TICKS, job, EventTypes.SCHEDULE_TICK, UUID.randomUUID().toString(),
                    new ScheduleTick(tickId, job, ScheduleTick.Kind.SYNC, "sync", "default", slot, slot, false));
        }
        return tickId;
    }

    private SyncCompleted completed(String runId) {
        return EventJson.read(kafka.await(Topics.SYNC_EVENTS, r -> EventTypes.SYNC_COMPLETED.equals(r.ceType())
                && runId.equals(EventJson.read(r.value(), SyncCompleted.class).syncRunId()), WAIT).value(),
                SyncCompleted.class);
    }

    private List<TopicProbe.Rec> syncEvents(String runId, String type) {
        return kafka.readAll(Topics.SYNC_EVENTS).stream().filter(r -> type.equals(r.ceType())
                && runId.equals(EventJson.read(r.value(), SyncStarted.class).syncRunId())).toList();
    }

    @Transactional
    boolean known(String id) {
        return SyncJobConfig.findById(id) != null;
    }

    @Transactional
    boolean handled(String eventId) {
        return ((Number) SyncRun.getEntityManager().createNativeQuery(
                "select count(*) from inbox_event where event_id = ?1").setParameter(1, eventId).getSingleResult())
                .longValue() == 1;
    }

    @Transactional
    boolean enabled(String id) {
        SyncJobConfig j = SyncJobConfig.findById(id);
        return j != null && j.enabled;
    }

    @Transactional
    SyncRun run(String id) {
        return SyncRun.findById(id);
    }

    /** The state as the table holds it. */
    @Transactional
    String storedState(String id) {
        return (String) SyncRun.getEntityManager().createNativeQuery("select state from sync_run where id = ?1")
                .setParameter(1, id).getSingleResult();
    }

    @Transactional
    long runCount(String job) {
        return SyncRun.count("syncJobId", job);
    }
}
