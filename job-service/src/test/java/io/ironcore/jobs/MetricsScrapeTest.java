package io.ironcore.jobs;

import io.ironcore.jobs.metrics.JobMetrics;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

import static io.ironcore.jobs.Fixture.createJob;
import static io.ironcore.jobs.Fixture.jobSpec;
import static io.ironcore.jobs.Fixture.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /q/metrics} writes the fleet families straight from the rows, streamed, in the format the Accept header
 * asks for (as Quarkus chooses it), each family once, with the lines the Prometheus client writes for the same
 * families; the registry's meters follow, and OpenMetrics' {@code # EOF} ends the scrape.
 */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_jobs"))
class MetricsScrapeTest {
    private static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0,"
            + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    @Inject
    JobMetrics metrics;

    @BeforeEach
    void setUp() {
        Fixture.ensure();
    }

    @Test
    void prometheusGetsTextWithEachFleetFamilyOnce() throws IOException {
        String name = unique("scrape");
        createJob(jobSpec(name));

        Response r = given().header("Accept", PROMETHEUS_ACCEPT).get("/q/metrics");
        String body = r.then().statusCode(200).extract().asString();

        assertThat(r.header("Content-Type")).isEqualTo(TextFormat.CONTENT_TYPE_004);
        assertThat(r.header("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(body).containsOnlyOnce("# TYPE ironcore_runs_total counter\n")
                .containsOnlyOnce("# TYPE ironcore_job_rpo_seconds gauge\n")
                .containsOnlyOnce("# TYPE ironcore_run_duration_seconds histogram\n")
                .contains("ironcore_job_next_run_timestamp_seconds{project=\"default\",job=\"" + name + "\",} ")
                .contains("# TYPE jvm_threads_live_threads gauge\n")
                .doesNotContain("# EOF");
        assertThat(body.lines()).containsAll(client(TextFormat.CONTENT_TYPE_004, "ironcore_runs"))
                .containsAll(client(TextFormat.CONTENT_TYPE_004, "ironcore_job_rpo_seconds"));
    }

    @Test
    void withoutAnAcceptHeaderItIsOpenMetricsEndingInEof() throws IOException {
        String name = unique("scrape-om");
        createJob(jobSpec(name));

        Response r = given().header("Accept", "*/*").get("/q/metrics");
        String body = r.then().statusCode(200).extract().asString();

        assertThat(r.header("Content-Type")).isEqualTo(TextFormat.CONTENT_TYPE_OPENMETRICS_100);
        assertThat(body).containsOnlyOnce("# TYPE ironcore_runs counter\n")
                .containsOnlyOnce("# TYPE ironcore_job_rpo_breached gauge\n")
                .contains("ironcore_job_rpo_breached{project=\"default\",job=\"" + name + "\"} ")
                .containsOnlyOnce("# EOF\n").endsWith("# EOF\n");
        assertThat(body.lines()).containsAll(client(TextFormat.CONTENT_TYPE_OPENMETRICS_100, "ironcore_runs"))
                .containsAll(client(TextFormat.CONTENT_TYPE_OPENMETRICS_100, "ironcore_job_rpo_seconds"));
    }

    @Test
    void aRequestForNeitherFormatIsStillRefused() {
        given().header("Accept", "application/json").get("/q/metrics").then().statusCode(406);
    }

    /** The lines the Prometheus client writes for this family of {@link JobMetrics#get()} (rows come in any order). */
    private List<String> client(String contentType, String name) throws IOException {
        return clientText(metrics.get().stream().filter(f -> f.name.equals(name)).toList(), contentType)
                .replace("# EOF\n", "").lines().toList();
    }

    /** These families as the Prometheus client writes them. */
    static String clientText(List<Collector.MetricFamilySamples> families, String contentType) throws IOException {
        CollectorRegistry registry = new CollectorRegistry();
        registry.register(new Collector() {
            @Override
            public List<MetricFamilySamples> collect() {
                return families;
            }
        });
        StringWriter out = new StringWriter();
        TextFormat.writeFormat(contentType, out, registry.metricFamilySamples());
        return out.toString();
    }
}
