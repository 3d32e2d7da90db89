package io.ironcore.eventing.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Fleet families written straight as text: the exact exposition of a small fixture in both formats, escaping, HELP and
 * TYPE once per family, and the same text as the Prometheus client writes for the same families.
 */
class ExpositionTest {
    private static final double[] BUCKETS = {1, 10, 60};

    /** Two jobs, one with a name that needs escaping; a counter, a gauge, a histogram and an empty family. */
    private static void fixture(Family.Sink out) {
        Family runs = out.counter("ironcore_runs", "Finished runs.", "job", "status");
        Family last = out.gauge("ironcore_job_last_success_timestamp_seconds", "Last success (Unix time).", "job");
        runs.add(3, "nightly", "Completed");
        last.add(1.7648e9, "nightly");
        runs.add(1, "say \"hi\" \\ to\nme", "Failed");
        last.add(0.25, "say \"hi\" \\ to\nme");
        out.histogram("ironcore_run_duration_seconds", "Durations.", BUCKETS, "job")
                .observed(new long[] {1, 2, 0, 1}, 95.5, "nightly");
        out.gauge("ironcore_job_rpo_breached", "At risk.", "job");
    }

    @Test
    void textFormatOfAFixture() {
        Exposition out = new Exposition(Exposition.Format.TEXT);
        fixture(out);

        assertThat(out.toString()).isEqualTo("""
                # HELP ironcore_runs_total Finished runs.
                # TYPE ironcore_runs_total counter
                ironcore_runs_total{job="nightly",status="Completed",} 3.0
                ironcore_runs_total{job="say \\"hi\\" \\\\ to\\nme",status="Failed",} 1.0
                # HELP ironcore_job_last_success_timestamp_seconds Last success (Unix time).
                # TYPE ironcore_job_last_success_timestamp_seconds gauge
                ironcore_job_last_success_timestamp_seconds{job="nightly",} 1.7648E9
                ironcore_job_last_success_timestamp_seconds{job="say \\"hi\\" \\\\ to\\nme",} 0.25
                # HELP ironcore_run_duration_seconds Durations.
                # TYPE ironcore_run_duration_seconds histogram
                ironcore_run_duration_seconds_bucket{job="nightly",le="1.0",} 1.0
                ironcore_run_duration_seconds_bucket{job="nightly",le="10.0",} 3.0
                ironcore_run_duration_seconds_bucket{job="nightly",le="60.0",} 3.0
                ironcore_run_duration_seconds_bucket{job="nightly",le="+Inf",} 4.0
                ironcore_run_duration_seconds_count{job="nightly",} 4.0
                ironcore_run_duration_seconds_sum{job="nightly",} 95.5
                # HELP ironcore_job_rpo_breached At risk.
                # TYPE ironcore_job_rpo_breached gauge
                """);
    }

    @Test
    void openMetricsOfAFixture() {
        Exposition out = new Exposition(Exposition.Format.OPENMETRICS);
        fixture(out);

        assertThat(out.toString()).isEqualTo("""
                # TYPE ironcore_runs counter
                # HELP ironcore_runs Finished runs.
                ironcore_runs_total{job="nightly",status="Completed"} 3.0
                ironcore_runs_total{job="say \\"hi\\" \\\\ to\\nme",status="Failed"} 1.0
                # TYPE ironcore_job_last_success_timestamp_seconds gauge
                # HELP ironcore_job_last_success_timestamp_seconds Last success (Unix time).
                ironcore_job_last_success_timestamp_seconds{job="nightly"} 1.7648E9
                ironcore_job_last_success_timestamp_seconds{job="say \\"hi\\" \\\\ to\\nme"} 0.25
                # TYPE ironcore_run_duration_seconds histogram
                # HELP ironcore_run_duration_seconds Durations.
                ironcore_run_duration_seconds_bucket{job="nightly",le="1.0"} 1.0
                ironcore_run_duration_seconds_bucket{job="nightly",le="10.0"} 3.0
                ironcore_run_duration_seconds_bucket{job="nightly",le="60.0"} 3.0
                ironcore_run_duration_seconds_bucket{job="nightly",le="+Inf"} 4.0
                ironcore_run_duration_seconds_count{job="nightly"} 4.0
                ironcore_run_duration_seconds_sum{job="nightly"} 95.5
                # TYPE ironcore_job_rpo_breached gauge
                # HELP ironcore_job_rpo_breached At risk.
                """);
    }

    @ParameterizedTest
    @EnumSource(Exposition.Format.class)
    void theSameTextAsThePrometheusClientWrites(Exposition.Format format) throws IOException {
        Consumer<Family.Sink> values = out -> {
            Family g = out.gauge("g", "Help with \\ backslash,\nnewline and \"quotes\".", "project", "job");
            for (double v : new double[] {0, -0.0, 1, -1, 9_999_999, 10_000_000, -12_345_678, 0.1, 1e-9, 1.7648e9,
                    Long.MAX_VALUE, Double.MAX_VALUE, Double.MIN_VALUE, Double.NaN, Double.POSITIVE_INFINITY,
                    Double.NEGATIVE_INFINITY}) {
                g.add(v, "prøject ✓ 𝄞", "j-" + v);
            }
            out.counter("c", "Counted.").add(42);
            out.histogram("h", "H.", new double[] {0.5, 300, 43200}, "job")
                    .observed(new long[] {0, 0, 0, 0}, 0, "empty")
                    .observed(new long[] {5, 0, 7, 1}, 12.25, "full");
        };
        Exposition text = new Exposition(format);
        values.accept(text);
        Series.Collected collected = Series.collected();
        values.accept(collected);

        assertThat(text.toString()).isEqualTo(client(format, collected.families()));
    }

    @ParameterizedTest
    @EnumSource(Exposition.Format.class)
    void familiesBuiltAsClientSamplesAreWrittenTheSame(Exposition.Format format) throws IOException {
        Series.Collected collected = Series.collected();
        fixture(collected);
        Exposition text = new Exposition(format);
        text.families(collected.families());

        assertThat(text.toString()).isEqualTo(client(format, collected.families()));
    }

    @Test
    void largeFamiliesArriveInBoundedChunksInOrder() {
        Exposition out = new Exposition(Exposition.Format.TEXT);
        Family g = out.gauge("ironcore_job_rpo_seconds", "RPO.", "project", "job");
        Family h = out.gauge("ironcore_job_rpo_breached", "At risk.", "project", "job");
        for (int i = 0; i < 20_000; i++) {
            g.add(93_600, "bench", "bench-" + i);
            h.add(0, "bench", "bench-" + i);
        }

        List<ByteBuffer> chunks = out.chunks();
        String text = out.toString();
        assertThat(chunks).hasSizeGreaterThan(20).allSatisfy(c -> assertThat(c.remaining()).isLessThanOrEqualTo(65_536));
        assertThat(chunks.stream().mapToLong(ByteBuffer::remaining).sum()).isEqualTo(out.size())
                .isEqualTo(text.length());
        assertThat(text.indexOf("# TYPE ironcore_job_rpo_breached")).isGreaterThan(text.lastIndexOf(
                "ironcore_job_rpo_seconds{"));
        assertThat(text).containsOnlyOnce("# TYPE ironcore_job_rpo_seconds gauge")
                .contains("ironcore_job_rpo_seconds{project=\"bench\",job=\"bench-19999\",} 93600.0\n");
    }

    @Test
    void piecesReusedFromThePoolCarryNothingOfTheLastScrape() {
        ChunkPool pool = new ChunkPool(64);
        Exposition first = new Exposition(Exposition.Format.TEXT, pool, null);
        Family g = first.gauge("ironcore_job_rpo_seconds", "RPO.", "project", "job");
        for (int i = 0; i < 5_000; i++) {
            g.add(93_600, "bench", "a-much-longer-job-name-than-the-next-scrape-has-" + i);
        }
        first.release();
        int kept = pool.kept();

        Exposition second = new Exposition(Exposition.Format.TEXT, pool, null);
        Family h = second.gauge("ironcore_job_rpo_seconds", "RPO.", "project", "job");
        Series.Collected expected = Series.collected();
        Family e = expected.gauge("ironcore_job_rpo_seconds", "RPO.", "project", "job");
        for (int i = 0; i < 3_000; i++) {
            h.add(i, "bench", "j" + i);
            e.add(i, "bench", "j" + i);
        }

        assertThat(kept).isGreaterThan(1);
        assertThat(pool.kept()).isLessThan(kept);
        Exposition fresh = new Exposition(Exposition.Format.TEXT);
        fresh.families(expected.families());
        assertThat(second.toString()).isEqualTo(fresh.toString());
    }

    @Test
    void aFlushHandsOnTheCompleteFamiliesAndTheRestFollowsAtTheNext() {
        StringBuilder sent = new StringBuilder();
        List<Integer> sends = new ArrayList<>();
        Exposition out = new Exposition(Exposition.Format.TEXT, new ChunkPool(8), pieces -> {
            sends.add(pieces.size());
            for (ByteBuffer p : pieces) {
                byte[] b = new byte[p.remaining()];
                p.get(b);
                sent.append(new String(b, StandardCharsets.UTF_8));
            }
        });
        Family runs = out.counter("ironcore_runs", "Finished runs.", "job", "status").add(3, "nightly", "Completed");
        out.flush();
        out.gauge("ironcore_job_rpo_breached", "At risk.", "job").add(0, "nightly");
        out.flush();
        out.flush();

        assertThat(sends).hasSize(2);
        assertThat(sent.toString()).isEqualTo("""
                # HELP ironcore_runs_total Finished runs.
                # TYPE ironcore_runs_total counter
                ironcore_runs_total{job="nightly",status="Completed",} 3.0
                # HELP ironcore_job_rpo_breached At risk.
                # TYPE ironcore_job_rpo_breached gauge
                ironcore_job_rpo_breached{job="nightly",} 0.0
                """);
        assertThat(out.sent()).isTrue();
        assertThatThrownBy(() -> runs.add(1, "nightly", "Failed")).hasMessageContaining("sent already");
    }

    @Test
    void theFormatIsChosenFromTheAcceptHeaderAsQuarkusChoosesIt() {
        assertThat(Exposition.Format.forAccept(null)).isEqualTo(Exposition.Format.OPENMETRICS);
        assertThat(Exposition.Format.forAccept("*/*")).isEqualTo(Exposition.Format.OPENMETRICS);
        assertThat(Exposition.Format.forAccept("application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;"
                + "q=0.5,*/*;q=0.1")).isEqualTo(Exposition.Format.TEXT); // Prometheus' own
        assertThat(Exposition.Format.forAccept("text/html,*/*;q=0.8")).isEqualTo(Exposition.Format.TEXT);
    }

    @Test
    void misuseIsRefused() {
        Exposition out = new Exposition(Exposition.Format.TEXT);
        assertThatThrownBy(() -> out.counter("x_total", "h")).hasMessageContaining("without _total");
        assertThatThrownBy(() -> out.gauge("g", "h", "job").add(1, "a", "b")).hasMessageContaining("labels");
        assertThatThrownBy(() -> out.histogram("h", "h", BUCKETS, "job").observed(new long[] {1}, 0, "a"))
                .hasMessageContaining("4 bucket counts");
        assertThatThrownBy(() -> out.histogram("h", "h", new double[] {5, 1})).hasMessageContaining("ascending");
        assertThatThrownBy(() -> out.gauge("g2", "h").observed(new long[] {1}, 0)).isInstanceOf(
                IllegalStateException.class);
    }

    private static String client(Exposition.Format format, List<Collector.MetricFamilySamples> families)
            throws IOException {
        CollectorRegistry registry = new CollectorRegistry();
        registry.register(new Collector() {
            @Override
            public List<MetricFamilySamples> collect() {
                return families;
            }
        });
        StringWriter out = new StringWriter();
        TextFormat.writeFormat(format.contentType(), out, registry.metricFamilySamples());
        String text = out.toString();
        return text.endsWith("# EOF\n") ? text.substring(0, text.length() - "# EOF\n".length()) : text;
    }
}
