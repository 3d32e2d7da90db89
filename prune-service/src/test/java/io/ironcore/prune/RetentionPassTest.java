package io.ironcore.prune;

import io.ironcore.datastore.BackupGroup;
import io.ironcore.datastore.BackupMode;
import io.ironcore.datastore.BackupRequest;
import io.ironcore.datastore.BackupResult;
import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.DatastoreOptions;
import io.ironcore.datastore.Namespace;
import io.ironcore.datastore.SnapshotInfo;
import io.ironcore.datastore.FsyncPolicy;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.job.JobCreated;
import io.ironcore.events.job.JobSpec;
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
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * prune-service on real snapshots in a real datastore: the product page's pattern (daily incrementals at 02:00 with
 * keep-daily=7 and weekly fulls on Sunday at 03:00 with keep-weekly=3, both of VM 12345 in the same group) run for
 * 120 simulated days, pruned after every run; protection; a retention change that takes effect on the next pass.
 */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_prune"))
class RetentionPassTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final BackupGroup group = BackupGroup.of(Namespace.parse("production"), "vm", "12345");
    private TopicProbe kafka;
    private Path dir;
    private String lastRunId;

    @BeforeEach
    void setUp() throws IOException {
        kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
        dir = Files.createDirectories(IroncoreTestInfrastructure.dataDir().resolve("prune-" + UUID.randomUUID()));
    }

    @Test
    void thePagesPatternOver120DaysLeavesSevenDailiesAndThreeWeeklyFulls() throws Exception {
        String daily = job("daily-prod-incr", "02:00", "keep-daily=7");
        String weekly = job("weekly-prod-full", "Sun 03:00", "keep-weekly=3");
        ZonedDateTime day = ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        String protectedOne = null;
        for (int d = 0; d < 120; d++, day = day.plusDays(1)) {
            String s = backupAndPrune(daily, day.withHour(2).toInstant(), BackupMode.INCREMENTAL, d);
            if (d == 10) {
                protectedOne = s;
                protect(daily, s);
            }
            if (day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                backupAndPrune(weekly, day.withHour(3).toInstant(), BackupMode.FULL, d);
            }
        }
        Map<String, List<SnapshotInfo>> byJob;
        try (Datastore ds = Datastore.open(dir.resolve("ds"))) {
            byJob = ds.listSnapshots(group).stream().collect(Collectors.groupingBy(i -> i.manifest().jobId()));
        }
        assertThat(byJob.get(weekly)).hasSize(3);
        assertThat(byJob.get(weekly)).allMatch(i -> i.ref().time().atZone(ZoneOffset.UTC).getDayOfWeek()
                == DayOfWeek.SUNDAY);
        // seven dailies, plus the one a user protected on day 10
        assertThat(byJob.get(daily)).hasSize(8);
        String kept = protectedOne;
        assertThat(byJob.get(daily)).anySatisfy(i -> assertThat(i.ref().toString()).isEqualTo(kept));
        assertThat(byJob.get(daily).stream().filter(i -> !i.ref().toString().equals(kept))
                .map(i -> i.ref().time().toString()).sorted().toList()).containsExactly(
                "2026-04-24T02:00:00Z", "2026-04-25T02:00:00Z", "2026-04-26T02:00:00Z", "2026-04-27T02:00:00Z",
                "2026-04-28T02:00:00Z", "2026-04-29T02:00:00Z", "2026-04-30T02:00:00Z");

        PruneCompleted last = lastPrune(daily);
        assertThat(last.kept()).extracting(SnapshotDecision::reason).contains("daily 1 of 7", "daily 7 of 7",
                "protected");
        assertThat(last.removed()).extracting(SnapshotDecision::reason).containsOnly("not kept by any window");
    }

    @Test
    void aChangedRetentionRemovesNothingAtOnceTheNextPassDoes() throws Exception {
        String job = job("shrinking", "02:00", "keep-daily=7");
        ZonedDateTime day = ZonedDateTime.of(2026, 6, 1, 2, 0, 0, 0, ZoneOffset.UTC);
        for (int d = 0; d < 7; d++) {
            backupAndPrune(job, day.plusDays(d).toInstant(), BackupMode.INCREMENTAL, d);
        }
        assertThat(snapshotsOf(job)).hasSize(7);
        JobSpec smaller = new JobSpec("vm", List.of("12345"), "ibs-primary", "production", RunMode.INCREMENTAL, "02:00",
                "UTC", "keep-daily=2", "always", null, true);
        kafka.sendEvent(Topics.JOB_EVENTS, job, EventTypes.JOB_UPDATED, UUID.randomUUID().toString(),
                new io.ironcore.events.job.JobUpdated(job, "shrinking", "default", 2, smaller, Instant.now()));
        await().atMost(WAIT).until(() -> "keep-daily=2".equals(retentionOf(job)));
        assertThat(snapshotsOf(job)).hasSize(7);
        backupAndPrune(job, day.plusDays(7).toInstant(), BackupMode.INCREMENTAL, 7);
        assertThat(snapshotsOf(job)).hasSize(2);
        assertThat(lastPrune(job).removed()).hasSize(6);
    }

    private List<SnapshotInfo> snapshotsOf(String jobId) throws IOException {
        try (Datastore ds = Datastore.open(dir.resolve("ds"))) {
            return ds.listSnapshots(group).stream().filter(i -> jobId.equals(i.manifest().jobId())).toList();
        }
    }

    @Transactional
    String retentionOf(String jobId) {
        JobRetention r = JobRetention.findById(jobId);
        return r == null ? null : r.retention;
    }

    private String job(String name, String schedule, String retention) {
        String id = UUID.randomUUID().toString();
        JobSpec spec = new JobSpec("vm", List.of("12345"), "ibs-primary", "production", RunMode.INCREMENTAL, schedule,
                "UTC", retention, "always", null, true);
        kafka.sendEvent(Topics.JOB_EVENTS, id, EventTypes.JOB_CREATED, UUID.randomUUID().toString(),
                new JobCreated(id, name, "default", spec, Instant.now(), 1L));
        await().atMost(WAIT).until(() -> known(id));
        return id;
    }

    /** A backup at that time (as the worker would make it), then its RunCompleted; waits for the prune pass. */
    private String backupAndPrune(String jobId, Instant at, BackupMode mode, int n) throws Exception {
        Path image = dir.resolve("image-" + jobId + ".raw");
        byte[] bytes = new byte[256 * 1024];
        new java.util.Random(n).nextBytes(bytes);
        Files.write(image, bytes);
        String runId = UUID.randomUUID().toString();
        BackupResult result;
        try (Datastore ds = open(at)) {
            result = ds.backup(BackupRequest.builder(group).mode(mode).jobId(jobId).runId(runId)
                    .image(io.ironcore.datastore.FileImageSource.open("drive-scsi0", image)).build());
        }
        String snapshot = result.snapshot().toString();
        kafka.sendEvent(Topics.RUN_EVENTS, jobId, EventTypes.RUN_COMPLETED, UUID.randomUUID().toString(),
                new RunCompleted(runId, jobId, "job", "w1", mode.name().toLowerCase(), "ibs-primary", "production",
                        at, at, new RunStats(1, 1, 1, 1, 1, 0, 0), List.of(new SnapshotCreated("12345", snapshot, 1)),
                        dir.resolve("ds").toString(), "backup"));
        await().atMost(WAIT).until(() -> pruned(runId));
        lastRunId = runId;
        return snapshot;
    }

    private void protect(String jobId, String snapshot) {
        kafka.sendEvent(Topics.JOB_EVENTS, jobId, EventTypes.SNAPSHOT_PROTECTION_CHANGED, UUID.randomUUID().toString(),
                new SnapshotProtectionChanged(snapshot, jobId, new DatastoreRef("ibs-primary", dir.resolve("ds").toString()), true,
                        "alice", Instant.now()));
        await().atMost(WAIT).until(() -> isProtected(snapshot));
    }

    /** The PruneCompleted of the last run's pass, once the relay has published it. */
    private PruneCompleted lastPrune(String jobId) {
        String runId = lastRunId;
        PruneCompleted pass = EventJson.read(kafka.await(Topics.PRUNE_EVENTS, r -> jobId.equals(r.key())
                && EventTypes.PRUNE_COMPLETED.equals(r.ceType())
                && runId.equals(EventJson.read(r.value(), PruneCompleted.class).runId()), WAIT).value(),
                PruneCompleted.class);
        assertThat(pass.jobId()).isEqualTo(jobId);
        return pass;
    }

    private Datastore open(Instant now) throws IOException {
        DatastoreOptions options = DatastoreOptions.builder().clock(Clock.fixed(now, ZoneId.of("UTC")))
                .fsyncPolicy(FsyncPolicy.NONE).build();
        Path ds = dir.resolve("ds");
        return Files.exists(ds.resolve(".datastore.json")) ? Datastore.open(ds, options)
                : Datastore.create(ds, options);
    }

    @Transactional
    boolean known(String jobId) {
        return JobRetention.findById(jobId) != null;
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
