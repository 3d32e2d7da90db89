package io.ironcore.jobs;

import io.ironcore.jobs.metrics.JobMetrics;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.prometheus.client.exporter.common.TextFormat;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import static io.ironcore.jobs.Fixture.admin;
import static io.ironcore.jobs.Fixture.createJob;
import static io.ironcore.jobs.Fixture.jobSpec;
import static io.ironcore.jobs.Fixture.unique;
import static io.ironcore.jobs.JobMetricsTest.job;
import static io.ironcore.jobs.JobMetricsTest.value;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /q/metrics} keeps each job's series as text between scrapes and reads again only the jobs whose rows
 * changed: whatever changed them (a REST call, the projection, a statement of anyone's, a delete) and whenever
 * the change commits, the next scrape has exactly the series that every row read afresh gives.
 */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_jobs"))
class MetricsKeptTextTest {
    @Inject
    JobMetrics metrics;
    @Inject
    DataSource dataSource;

    @BeforeEach
    void setUp() {
        Fixture.ensure();
        // the fleet series come from the instance that leads the outbox relay
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/metrics").then().statusCode(200)
                .extract().asString().contains("# TYPE ironcore_runs"));
    }

    @Test
    void eachChangeReachesTheNextScrapeAndTheTextEqualsOneReadFromEveryRow() throws Exception {
        String counted = unique("kept-counted");
        String timed = unique("kept-timed");
        String paused = unique("kept-paused");
        String deleted = unique("kept-deleted");
        String renamed = unique("kept-renamed");
        String countedId = createJob(jobSpec(counted));
        String timedId = createJob(jobSpec(timed));
        createJob(jobSpec(paused));
        createJob(jobSpec(deleted));
        String renamedId = createJob(jobSpec(renamed));
        sql("INSERT INTO run_duration (job_id, mode, buckets, sum_seconds, bytes_read, bytes_changed, bytes_written) "
                + "VALUES (CAST(? AS uuid), 'incremental', CAST('{0,1,0,0,0,0,0,0,0,0}' AS bigint[]), 5, 10, 2, 1)",
                timedId);
        sql("INSERT INTO prune_total (job_id, status, runs, snapshots_removed) VALUES (CAST(? AS uuid), "
                + "'Completed', 1, 4)", countedId);
        String before = scrape();
        assertThat(value(before, "ironcore_prune_snapshots_removed_total", job(counted))).isEqualTo(4);
        assertThat(before).contains(job(deleted)).contains(job(renamed));

        // the projection's way, another writer's statements, REST calls, a delete and a rename
        sql("INSERT INTO run_total (job_id, action, mode, status, runs) VALUES (CAST(? AS uuid), 'backup', "
                + "'incremental', 'Completed', 3)", countedId);
        sql("UPDATE run_duration SET buckets[3] = buckets[3] + 1, sum_seconds = sum_seconds + 20 "
                + "WHERE job_id = CAST(? AS uuid)", timedId);
        sql("DELETE FROM prune_total WHERE job_id = CAST(? AS uuid)", countedId);
        admin().post("/api/v1/jobs/" + paused + "/disable").then().statusCode(200);
        admin().delete("/api/v1/jobs/" + deleted).then().statusCode(204);
        String newName = unique("kept-new-name");
        sql("UPDATE job SET name = '" + newName + "' WHERE id = CAST(? AS uuid)", renamedId);

        String after = scrape();
        assertThat(value(after, "ironcore_runs_total",
                job(counted) + ",type=\"backup\",mode=\"incremental\",status=\"Completed\"")).isEqualTo(3);
        assertThat(value(after, "ironcore_prune_snapshots_removed_total", job(counted))).isNaN();
        assertThat(value(after, "ironcore_run_duration_seconds_count", job(timed) + ",mode=\"incremental\""))
                .isEqualTo(2);
        assertThat(value(after, "ironcore_job_next_run_timestamp_seconds", job(paused))).isNaN();
        assertThat(after).doesNotContain(job(deleted)).doesNotContain(job(renamed)).contains(job(newName));
        List<String> jobs = List.of(counted, timed, paused, deleted, renamed, newName);
        assertThat(lines(after, jobs)).hasSizeGreaterThan(20)
                .containsExactlyInAnyOrderElementsOf(lines(everyRow(TextFormat.CONTENT_TYPE_OPENMETRICS_100), jobs));
        // the other format's text is kept apart, and is as right
        assertThat(lines(scrape(TextFormat.CONTENT_TYPE_004), jobs)).hasSizeGreaterThan(20)
                .containsExactlyInAnyOrderElementsOf(lines(everyRow(TextFormat.CONTENT_TYPE_004), jobs));
    }

    @Test
    void aJobChangedAtEveryScrapeIsReadAgainEachTime() throws Exception {
        String name = unique("kept-busy");
        String id = createJob(jobSpec(name));
        sql("INSERT INTO run_duration (job_id, mode, buckets, sum_seconds, bytes_read, bytes_changed, bytes_written) "
                + "VALUES (CAST(? AS uuid), 'full', CAST('{0,0,0,0,0,0,0,0,0,0}' AS bigint[]), 0, 0, 0, 0)", id);
        // more scrapes than the driver's prepare threshold (5): its server-prepared statements read in binary
        for (int i = 1; i <= 8; i++) {
            sql("UPDATE run_duration SET buckets[2] = buckets[2] + 1 WHERE job_id = CAST(? AS uuid)", id);
            assertThat(value(scrape(), "ironcore_run_duration_seconds_count", job(name) + ",mode=\"full\""))
                    .as("scrape %d", i).isEqualTo(i);
        }
        admin().delete("/api/v1/jobs/" + name).then().statusCode(204);
    }

    @Test
    void aChangeCommittedAfterAScrapeBeganIsInTheNextOne() throws Exception {
        String name = unique("kept-late");
        String id = createJob(jobSpec(name));
        scrape();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO run_total (job_id, action, mode, status, "
                    + "runs) VALUES (CAST(? AS uuid), 'backup', 'full', 'Failed', 7)")) {
                p.setString(1, id);
                p.executeUpdate();
            }
            // written, not committed: this scrape cannot see it, and keeps the job's text without it
            assertThat(value(scrape(), "ironcore_runs_total",
                    job(name) + ",type=\"backup\",mode=\"full\",status=\"Failed\"")).isNaN();
            c.commit();
        }
        assertThat(value(scrape(), "ironcore_runs_total",
                job(name) + ",type=\"backup\",mode=\"full\",status=\"Failed\"")).isEqualTo(7);
        admin().delete("/api/v1/jobs/" + name).then().statusCode(204);
    }

    private void sql(String statement, String id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(statement)) {
            p.setString(1, id);
            p.executeUpdate();
        }
    }

    /** In OpenMetrics, whose labels {@link JobMetricsTest#value} reads. */
    private static String scrape() {
        return scrape(TextFormat.CONTENT_TYPE_OPENMETRICS_100);
    }

    /** A scrape that has the fleet families: a reading that failed leaves them out, which is a failure here. */
    private static String scrape(String contentType) {
        String body = given().header("Accept", contentType).get("/q/metrics").then().statusCode(200).extract()
                .asString();
        assertThat(body).as("the fleet families").contains("# TYPE ironcore_runs");
        return body;
    }

    /** The per-job families read from every row, as the Prometheus client writes them. */
    private String everyRow(String contentType) throws IOException {
        return MetricsScrapeTest.clientText(metrics.get(), contentType);
    }

    /** The lines of these jobs' series. */
    private static List<String> lines(String text, List<String> jobs) {
        return text.lines().filter(l -> l.startsWith("ironcore_"))
                .filter(l -> jobs.stream().anyMatch(j -> l.contains(job(j) + ",") || l.contains(job(j) + "}")))
                .map(l -> l.replace(",}", "}")) // 0.0.4 ends the labels with a comma
                .toList();
    }
}
