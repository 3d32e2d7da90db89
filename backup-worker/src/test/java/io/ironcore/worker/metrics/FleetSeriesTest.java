package io.ironcore.worker.metrics;

import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.run.DatastoreRef;
import io.ironcore.events.run.DiskImage;
import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.RunMode;
import io.ironcore.events.run.RunRequested;
import io.ironcore.events.run.RunSource;
import io.ironcore.local.DemoData;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The worker's fleet-wide series on /q/metrics (this instance leads the relay, so it exports them): the queue's depth
 * and oldest age by kind, the datastores' usage measured after runs, and the outbox gauge every service has.
 */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_worker"))
class FleetSeriesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    EntityManager em;

    @Test
    void queuedWorkThatCannotStartYetIsCountedWithItsAgeAndGoneOnceItIsNot() {
        awaitScrape();
        String before = await().atMost(WAIT).until(FleetSeriesTest::quietScrape, Optional::isPresent).get();
        double runs = require(before, "ironcore_run_queue_depth{kind=\"run\"}");
        double restores = require(before, "ironcore_run_queue_depth{kind=\"restore\"}");

        // two runs waiting out a retry delay (queued ten days ago), one restore, and one run whose worker died
        List<String> ids = new ArrayList<>(List.of(queued("backup", "10 days"), queued("verify", "1 hour"),
                queued("restore", "2 hours")));
        ids.addAll(expiredLease("30 minutes"));
        String during = scrape();
        assertThat(value(during, "ironcore_run_queue_depth{kind=\"run\"}")).hasValue(runs + 3);
        assertThat(value(during, "ironcore_run_queue_depth{kind=\"restore\"}")).hasValue(restores + 1);
        assertThat(require(during, "ironcore_run_queue_oldest_age_seconds{kind=\"run\"}"))
                .isGreaterThanOrEqualTo(Duration.ofDays(10).toSeconds());
        assertThat(require(during, "ironcore_run_queue_oldest_age_seconds{kind=\"restore\"}"))
                .isGreaterThanOrEqualTo(Duration.ofHours(2).toSeconds());
        assertThat(during).contains("# TYPE ironcore_run_queue_depth gauge");

        finish(ids);
        String after = scrape();
        assertThat(value(after, "ironcore_run_queue_depth{kind=\"run\"}")).hasValue(runs);
        assertThat(value(after, "ironcore_run_queue_depth{kind=\"restore\"}")).hasValue(restores);
        assertThat(require(after, "ironcore_run_queue_oldest_age_seconds{kind=\"run\"}"))
                .isLessThan(Duration.ofHours(1).toSeconds());
    }

    @Test
    void theWorkersOutboxGaugeIsExportedWithTheServicesName() {
        String text = awaitScrape();
        assertThat(text).contains("# TYPE ironcore_outbox_oldest_unsent_age_seconds gauge");
        assertThat(value(text, "ironcore_outbox_oldest_unsent_age_seconds{service=\"backup-worker\"}"))
                .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(0));
    }

    @Test
    void theDatastoreGaugesAreMeasuredAfterRunsStoredAndReadByTheScrape() throws Exception {
        TopicProbe kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
        Path dir = Files.createDirectories(IroncoreTestInfrastructure.dataDir().resolve("usage-" + UUID.randomUUID()));
        Path image = dir.resolve("4711.raw");
        DemoData.writeImage(image, 8L << 20, 13);
        String name = "usage-" + UUID.randomUUID().toString().substring(0, 8);
        DatastoreRef ds = new DatastoreRef(name, dir.resolve("ds").toString());
        String used = DatastoreSeries.USED + "{datastore=\"" + name + "\"}";
        String free = DatastoreSeries.FREE + "{datastore=\"" + name + "\"}";
        String dedup = DatastoreSeries.DEDUP + "{datastore=\"" + name + "\"}";
        awaitScrape();

        runToCompletion(kafka, ds, image);
        long[] first = await().atMost(WAIT).until(() -> stored(name), r -> r != null && r[1] == 1);
        assertThat(first[0]).as("logical bytes").isEqualTo(8L << 20);
        String one = await().atMost(WAIT).until(FleetSeriesTest::scrape, t -> value(t, dedup).isPresent());
        double ratio1 = require(one, dedup);
        assertThat(ratio1).isEqualTo((double) first[0] / first[2]);
        assertThat(require(one, used)).isGreaterThan(first[2]);
        assertThat(require(one, free)).isPositive();

        // the same image again: its chunks are stored once, the logical bytes double
        runToCompletion(kafka, ds, image);
        long[] second = await().atMost(WAIT).until(() -> stored(name), r -> r[1] == 2);
        assertThat(second[0]).isEqualTo(2 * first[0]);
        assertThat(second[2]).isEqualTo(first[2]);
        double ratio2 = require(scrape(), dedup);
        assertThat(ratio2).isGreaterThan(1.0).isCloseTo(2 * ratio1, within(1e-9));

        // the scrape reads what is stored (so the numbers survive a restart), not the datastore
        overwrite(name, 1000, 3000);
        assertThat(require(scrape(), dedup)).isEqualTo(3.0);
        assertThat(ironcoreLabelNames(scrape())).contains("service", "kind", "datastore")
                .doesNotContain("run_id", "runId", "snapshot", "snapshot_id", "snapshotId");
    }

    private void runToCompletion(TopicProbe kafka, DatastoreRef ds, Path image) {
        RunRequested req = new RunRequested(UUID.randomUUID().toString(), UUID.randomUUID().toString(), "usage",
                "default", RunRequested.Trigger.MANUAL, null, Instant.now(), RunMode.FULL, ds, "production",
                List.of(new RunSource("4711", "web-02", List.of(new DiskImage("drive-scsi0", image.toString())))));
        kafka.sendEvent(Topics.RUN_REQUESTS, req.jobId(), EventTypes.RUN_REQUESTED, UUID.randomUUID().toString(), req);
        kafka.await(Topics.RUN_EVENTS, r -> EventTypes.RUN_COMPLETED.equals(r.ceType())
                && req.runId().equals(EventJson.read(r.value(), RunCompleted.class).runId()), WAIT);
    }

    /** The stored logical bytes, snapshots and chunk bytes of the datastore, or null. */
    @Transactional
    long[] stored(String name) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT logical_bytes, snapshots, chunk_bytes FROM datastore_usage "
                + "WHERE datastore = ?1").setParameter(1, name).getResultList();
        return rows.isEmpty() ? null : new long[] {((Number) rows.get(0)[0]).longValue(),
                ((Number) rows.get(0)[1]).longValue(), ((Number) rows.get(0)[2]).longValue()};
    }

    @Transactional
    void overwrite(String name, long chunkBytes, long logicalBytes) {
        em.createNativeQuery("UPDATE datastore_usage SET chunk_bytes = ?1, logical_bytes = ?2 WHERE datastore = ?3")
                .setParameter(1, chunkBytes).setParameter(2, logicalBytes).setParameter(3, name).executeUpdate();
    }

    /** The scrape once this instance leads the relay (and so exports the fleet-wide series). */
    static String awaitScrape() {
        return await().atMost(WAIT).until(FleetSeriesTest::scrape, t -> t.contains("ironcore_run_queue_depth{"));
    }

    /** A scrape whose queue depths the next one, a moment later, repeats (no other test's work moving). */
    static Optional<String> quietScrape() throws InterruptedException {
        String a = scrape();
        Thread.sleep(300);
        String b = scrape();
        for (String kind : List.of("run", "restore")) {
            String series = "ironcore_run_queue_depth{kind=\"" + kind + "\"}";
            if (!value(a, series).equals(value(b, series))) {
                return Optional.empty();
            }
        }
        return Optional.of(b);
    }

    static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The label names of the scrape's ironcore_ series (no run or snapshot id among them). */
    static Set<String> ironcoreLabelNames(String text) {
        Set<String> names = new TreeSet<>();
        Matcher line = Pattern.compile("(?m)^ironcore_\\w+\\{([^}]*)\\}").matcher(text);
        while (line.find()) {
            Matcher label = Pattern.compile("(\\w+)=\"").matcher(line.group(1));
            while (label.find()) {
                names.add(label.group(1));
            }
        }
        return names;
    }

    static double require(String text, String series) {
        return value(text, series).orElseThrow(() -> new AssertionError(series + " not in the scrape:\n" + text));
    }

    /** The value of one series, written {@code name{label="value"}} (the text format may add a comma). */
    static Optional<Double> value(String text, String series) {
        String open = series.substring(0, series.length() - 1);
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(open) + ",?\\} (\\S+)$").matcher(text);
        return m.find() ? Optional.of(Double.parseDouble(m.group(1))) : Optional.empty();
    }

    @Transactional
    String queued(String kind, String queuedAgo) {
        String id = UUID.randomUUID().toString();
        em.createNativeQuery("INSERT INTO run_claim (run_id, job_id, job_name, kind, request, state, not_before, "
                        + "queued_at) VALUES (?1, ?2, 'metrics', ?3, CAST('{}' AS jsonb), 'QUEUED', "
                        + "now() + interval '1 hour', now() - CAST(?4 AS interval))")
                .setParameter(1, id).setParameter(2, UUID.randomUUID().toString()).setParameter(3, kind)
                .setParameter(4, queuedAgo).executeUpdate();
        return id;
    }

    /**
     * A run held by a worker that died (waiting), of a job whose other run a live worker holds (not waiting): so no
     * worker here takes the first one while the test looks. Returns both ids.
     */
    @Transactional
    List<String> expiredLease(String queuedAgo) {
        String job = UUID.randomUUID().toString();
        String dead = UUID.randomUUID().toString();
        String live = UUID.randomUUID().toString();
        claim(dead, job, "dead-worker", "now() - interval '1 minute'", queuedAgo);
        claim(live, job, "busy-worker", "now() + interval '1 hour'", queuedAgo);
        return List.of(dead, live);
    }

    private void claim(String id, String job, String worker, String leaseUntil, String queuedAgo) {
        em.createNativeQuery("INSERT INTO run_claim (run_id, job_id, job_name, kind, request, state, attempt, "
                        + "worker_id, lease_until, not_before, queued_at) VALUES (?1, ?2, 'metrics', 'backup', "
                        + "CAST('{}' AS jsonb), 'RUNNING', 1, ?3, " + leaseUntil + ", now(), "
                        + "now() - CAST(?4 AS interval))")
                .setParameter(1, id).setParameter(2, job).setParameter(3, worker).setParameter(4, queuedAgo)
                .executeUpdate();
    }

    @Transactional
    void finish(List<String> ids) {
        em.createNativeQuery("UPDATE run_claim SET state = 'COMPLETED', lease_until = NULL WHERE run_id IN (?1)")
                .setParameter(1, ids).executeUpdate();
    }
}
