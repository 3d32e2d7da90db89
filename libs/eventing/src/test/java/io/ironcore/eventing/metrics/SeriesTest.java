package io.ironcore.eventing.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Families built from stored values render as Prometheus counters, gauges and cumulative histograms. */
class SeriesTest {

    @Test
    void storedValuesRenderAsCountersGaugesAndCumulativeHistograms() throws IOException {
        double[] buckets = {1, 10, 60};
        Series runs = Series.counter("ironcore_runs", "Finished runs.", "job", "status")
                .add(3, "nightly", "Completed").add(1, "nightly", "Failed");
        Series last = Series.gauge("ironcore_job_last_success_timestamp_seconds", "Last success.", "job")
                .add(1.7648e9, "nightly");
        Series duration = Series.histogram("ironcore_run_duration_seconds", "Durations.", buckets, "job")
                .observed(new long[] {1, 2, 0, 1}, 95.5, "nightly");

        String text = render(runs, last, duration);

        assertThat(text)
                .contains("# TYPE ironcore_runs_total counter")
                .contains("ironcore_runs_total{job=\"nightly\",status=\"Completed\",} 3.0")
                .contains("ironcore_runs_total{job=\"nightly\",status=\"Failed\",} 1.0")
                .contains("# TYPE ironcore_job_last_success_timestamp_seconds gauge")
                .contains("ironcore_run_duration_seconds_bucket{job=\"nightly\",le=\"1.0\",} 1.0")
                .contains("ironcore_run_duration_seconds_bucket{job=\"nightly\",le=\"10.0\",} 3.0")
                .contains("ironcore_run_duration_seconds_bucket{job=\"nightly\",le=\"60.0\",} 3.0")
                .contains("ironcore_run_duration_seconds_bucket{job=\"nightly\",le=\"+Inf\",} 4.0")
                .contains("ironcore_run_duration_seconds_count{job=\"nightly\",} 4.0")
                .contains("ironcore_run_duration_seconds_sum{job=\"nightly\",} 95.5");
    }

    @Test
    void aFamilyWithoutRowsHasNoSeries() throws IOException {
        assertThat(render(Series.gauge("ironcore_job_rpo_breached", "At risk.", "job"))).doesNotContain("{");
    }

    @Test
    void observationsFallInTheFirstBucketTheyDoNotExceed() {
        double[] buckets = {1, 10, 60};
        assertThat(Series.bucketOf(buckets, 0.2)).isZero();
        assertThat(Series.bucketOf(buckets, 10)).isEqualTo(1);
        assertThat(Series.bucketOf(buckets, 61)).isEqualTo(3);
    }

    @Test
    void misuseIsRefused() {
        assertThatThrownBy(() -> Series.counter("x_total", "h")).hasMessageContaining("without _total");
        assertThatThrownBy(() -> Series.gauge("g", "h", "job").add(1, "a", "b")).hasMessageContaining("labels");
        assertThatThrownBy(() -> Series.histogram("h", "h", new double[] {1}, "job").observed(new long[] {1}, 0, "a"))
                .hasMessageContaining("2 bucket counts");
        assertThatThrownBy(() -> Series.histogram("h", "h", new double[] {5, 1})).hasMessageContaining("ascending");
    }

    private static String render(Series... series) throws IOException {
        CollectorRegistry registry = new CollectorRegistry();
        registry.register(new Collector() {
            @Override
            public List<MetricFamilySamples> collect() {
                return Arrays.stream(series).map(Series::family).toList();
            }
        });
        StringWriter out = new StringWriter();
        TextFormat.write004(out, registry.metricFamilySamples());
        return out.toString();
    }
}
