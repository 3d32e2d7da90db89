package io.ironcore.worker;

import io.ironcore.datastore.BackupGroup;
import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.Namespace;
import io.ironcore.datastore.SnapshotRef;
import io.ironcore.events.CloudEventHeaders;
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
import io.ironcore.events.run.RunStarted;
import io.ironcore.local.DemoData;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** backup-worker against the real broker and database, writing real snapshots to a real datastore directory. */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_worker"))
class BackupWorkerTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    EntityManager em;

    private TopicProbe kafka;
    private Path dir;

    @BeforeEach
    void setUp() throws Exception {
        kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
        dir = Files.createDirectories(IroncoreTestInfrastructure.dataDir().resolve("worker-" + UUID.randomUUID()));
    }

    @Test
    void aRunRequestBecomesARestorableSnapshotAndItsEventsOnceEvenWhenRedelivered() throws Exception {
        Path image = dir.resolve("12345.raw");
        DemoData.writeImage(image, 9L << 20, 7);
        RunRequested req = request(image, RunMode.INCREMENTAL);
        String eventId = UUID.randomUUID().toString();
        send(req, eventId);
        send(req, eventId);                          // redelivery of the same event
        send(req, UUID.randomUUID().toString());     // the same run requested twice

        RunCompleted done = completed(req.runId());
        assertThat(done.stats().bytesRead()).isEqualTo(9L << 20);
        assertThat(done.stats().chunksWritten()).isPositive();
        assertThat(done.snapshots()).singleElement().satisfies(s -> assertThat(s.sourceId()).isEqualTo("12345"));
        TopicProbe.Rec started = kafka.await(Topics.RUN_EVENTS, r -> EventTypes.RUN_STARTED.equals(r.ceType())
                && req.runId().equals(EventJson.read(r.value(), RunStarted.class).runId()), WAIT);
        assertThat(started.key()).isEqualTo(req.jobId());
        assertThat(started.header(CloudEventHeaders.SOURCE)).isEqualTo("/ironcore/backup-worker");

        Path restored = dir.resolve("restored.raw");
        try (Datastore ds = Datastore.open(dir.resolve("ds"))) {
            BackupGroup group = BackupGroup.of(Namespace.parse("production"), "vm", "12345");
            assertThat(ds.listSnapshots(group)).hasSize(1);
            ds.restore(SnapshotRef.parse(done.snapshots().get(0).snapshotId()), "drive-scsi0", restored);
        }
        assertThat(Files.mismatch(image, restored)).isEqualTo(-1L);
        Thread.sleep(1500);
        assertThat(runEvents(req.runId(), EventTypes.RUN_COMPLETED)).isEqualTo(1);
        assertThat(runEvents(req.runId(), EventTypes.RUN_STARTED)).isEqualTo(1);
    }

    @Test
    void anIncrementalRunUploadsOnlyWhatChanged() throws Exception {
        Path image = dir.resolve("12345.raw");
        DemoData.writeImage(image, 16L << 20, 11);
        RunRequested first = request(image, RunMode.FULL);
        send(first, UUID.randomUUID().toString());
        RunCompleted a = completed(first.runId());
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.seek(5L << 20);
            f.write("changed".getBytes(StandardCharsets.US_ASCII));
        }
        RunRequested second = request(image, RunMode.INCREMENTAL);
        send(second, UUID.randomUUID().toString());
        RunCompleted b = completed(second.runId());
        assertThat(b.stats().bytesChanged()).isEqualTo(4L << 20);
        assertThat(b.stats().chunksWritten()).isEqualTo(1);
        assertThat(b.stats().bytesWritten()).isLessThan(a.stats().bytesWritten());
    }

    @Test
    void aMissingDiskImageFailsTheRunWithTheReasonAtOnce() {
        RunRequested req = request(dir.resolve("absent.raw"), RunMode.INCREMENTAL);
        send(req, UUID.randomUUID().toString());
        TopicProbe.Rec rec = kafka.await(Topics.RUN_EVENTS, r -> EventTypes.RUN_FAILED.equals(r.ceType())
                && req.runId().equals(EventJson.read(r.value(), RunFailed.class).runId()), WAIT);
        RunFailed failed = EventJson.read(rec.value(), RunFailed.class);
        assertThat(failed.reason()).isEqualTo("disk " + dir.resolve("absent.raw") + " of vm/12345 not found");
        assertThat(failed.attempt()).isEqualTo(1);
    }

    @Test
    void aRunWhoseWorkerDiedIsTakenOverWhenItsLeaseExpiresAndCompletesOnce() throws Exception {
        Path image = dir.resolve("12345.raw");
        DemoData.writeImage(image, 3L << 20, 5);
        RunRequested req = request(image, RunMode.INCREMENTAL);
        abandonedClaim(req, 3);           // claimed by a worker that died: its lease runs 3 s more
        Thread.sleep(2000);
        assertThat(runEvents(req.runId(), EventTypes.RUN_STARTED)).as("taken while the lease holds").isZero();
        RunCompleted done = completed(req.runId());
        assertThat(done.workerId()).isNotEqualTo("dead-worker");
        RunStarted retry = EventJson.read(kafka.await(Topics.RUN_EVENTS, r -> EventTypes.RUN_STARTED.equals(r.ceType())
                && req.runId().equals(EventJson.read(r.value(), RunStarted.class).runId()), WAIT).value(),
                RunStarted.class);
        assertThat(retry.attempt()).isEqualTo(2);
        Thread.sleep(1500);
        assertThat(runEvents(req.runId(), EventTypes.RUN_COMPLETED)).isEqualTo(1);
        assertThat(runEvents(req.runId(), EventTypes.RUN_STARTED)).isEqualTo(1);
    }

    @Test
    void aPoisonRequestIsDeadLetteredAndRunsGoOn() throws Exception {
        String poison = UUID.randomUUID().toString();
        kafka.send(Topics.RUN_REQUESTS, "k", Map.of(CloudEventHeaders.SPEC_VERSION, "1.0", CloudEventHeaders.ID,
                poison, CloudEventHeaders.TYPE, EventTypes.RUN_REQUESTED, CloudEventHeaders.SOURCE, "/test",
                CloudEventHeaders.TIME, Instant.now().toString()), "{\"runId\":\"x\",\"sources\":[]}".getBytes());
        kafka.await(Topics.dlq(Topics.RUN_REQUESTS), r -> poison.equals(r.ceId()), WAIT);
        aMissingDiskImageFailsTheRunWithTheReasonAtOnce();
    }

    @Test
    void aRecordedRequestThatCannotBeReadFailsForGoodAndTheQueueGoesOn() throws Exception {
        String runId = UUID.randomUUID().toString();
        String jobId = UUID.randomUUID().toString();
        unreadableClaim(runId, jobId);
        RunFailed failed = EventJson.read(kafka.await(Topics.RUN_EVENTS, r -> EventTypes.RUN_FAILED.equals(r.ceType())
                && runId.equals(EventJson.read(r.value(), RunFailed.class).runId()), WAIT).value(), RunFailed.class);
        assertThat(failed.reason()).startsWith("the recorded request cannot be read: ");
        assertThat(failed.jobId()).isEqualTo(jobId);
        Path image = dir.resolve("12345.raw");
        DemoData.writeImage(image, 1L << 20, 2);
        RunRequested next = request(image, RunMode.INCREMENTAL);
        send(next, UUID.randomUUID().toString());
        assertThat(completed(next.runId()).runId()).isEqualTo(next.runId());
    }

    @Transactional
    void unreadableClaim(String runId, String jobId) {
        em.createNativeQuery("INSERT INTO run_claim (run_id, job_id, job_name, request, state, not_before, queued_at) "
                        + "VALUES (?1, ?2, 'job', CAST('{\"runId\": 7}' AS jsonb), 'QUEUED', now(), now())")
                .setParameter(1, runId).setParameter(2, jobId).executeUpdate();
    }

    @Test
    void aJobNeverRunsTwiceAtOnce() throws Exception {
        Path image = dir.resolve("12345.raw");
        DemoData.writeImage(image, 2L << 20, 9);
        RunRequested running = request(image, RunMode.INCREMENTAL);
        RunRequested waiting = new RunRequested(UUID.randomUUID().toString(), running.jobId(), running.jobName(),
                "default", RunRequested.Trigger.SCHEDULE, null, Instant.now(), RunMode.INCREMENTAL,
                running.datastore(), running.namespace(),
                running.sources());
        claimHeldElsewhere(running);
        send(waiting, UUID.randomUUID().toString());
        Thread.sleep(3000);
        assertThat(runEvents(waiting.runId(), EventTypes.RUN_STARTED)).isZero();
        release(running);
        RunCompleted done = completed(waiting.runId());
        assertThat(done.jobId()).isEqualTo(running.jobId());
    }

    @Transactional
    void claimHeldElsewhere(RunRequested req) {
        em.createNativeQuery("INSERT INTO run_claim (run_id, job_id, job_name, request, state, attempt, worker_id, "
                        + "lease_until, not_before, queued_at, started_at) VALUES (?1, ?2, ?3, CAST(?4 AS jsonb), "
                        + "'RUNNING', 1, 'busy-worker', now() + interval '1 hour', now(), now(), now())")
                .setParameter(1, req.runId()).setParameter(2, req.jobId()).setParameter(3, req.jobName())
                .setParameter(4, EventJson.writeString(req)).executeUpdate();
    }

    @Transactional
    void release(RunRequested req) {
        em.createNativeQuery("UPDATE run_claim SET state = 'COMPLETED', lease_until = NULL WHERE run_id = ?1")
                .setParameter(1, req.runId()).executeUpdate();
    }

    private RunRequested request(Path image, RunMode mode) {
        String jobId = UUID.randomUUID().toString();
        return new RunRequested(UUID.randomUUID().toString(), jobId, "daily-prod-incr", "default", RunRequested.Trigger.MANUAL, null,
                Instant.now(), mode, new DatastoreRef("ibs-primary", dir.resolve("ds").toString()), "production",
                List.of(new RunSource("12345", "web-01", List.of(new DiskImage("drive-scsi0", image.toString())))));
    }

    private void send(RunRequested req, String eventId) {
        kafka.sendEvent(Topics.RUN_REQUESTS, req.jobId(), EventTypes.RUN_REQUESTED, eventId, req);
    }

    private RunCompleted completed(String runId) {
        return EventJson.read(kafka.await(Topics.RUN_EVENTS, r -> EventTypes.RUN_COMPLETED.equals(r.ceType())
                && runId.equals(EventJson.read(r.value(), RunCompleted.class).runId()), WAIT).value(),
                RunCompleted.class);
    }

    private long runEvents(String runId, String type) {
        return kafka.readAll(Topics.RUN_EVENTS).stream().filter(r -> type.equals(r.ceType()))
                .filter(r -> r.valueString().contains(runId)).count();
    }

    @Transactional
    void abandonedClaim(RunRequested req, int leaseSeconds) {
        em.createNativeQuery("INSERT INTO run_claim (run_id, job_id, job_name, request, state, attempt, worker_id, "
                        + "lease_until, not_before, queued_at, started_at) VALUES (?1, ?2, ?3, CAST(?4 AS jsonb), "
                        + "'RUNNING', 1, 'dead-worker', now() + CAST(?5 AS interval), now(), now(), now())")
                .setParameter(1, req.runId()).setParameter(2, req.jobId()).setParameter(3, req.jobName())
                .setParameter(4, EventJson.writeString(req)).setParameter(5, leaseSeconds + " seconds")
                .executeUpdate();
    }
}
