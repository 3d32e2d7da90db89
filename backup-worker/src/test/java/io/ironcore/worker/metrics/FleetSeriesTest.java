package io.ironcore.worker.metrics;

import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker's fleet-wide series on /q/metrics (this instance leads the relay, so it exports them): the queue's depth
 * and oldest age by kind, and the outbox gauge every service has.
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
