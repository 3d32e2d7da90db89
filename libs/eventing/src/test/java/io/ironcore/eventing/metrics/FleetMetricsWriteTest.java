package io.ironcore.eventing.metrics;

import io.prometheus.client.Collector;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fleet text is written contributor by contributor: one that fails before sending anything is left out (the
 * others are exported), one that fails after part of its text was sent makes the scrape a failed one.
 */
class FleetMetricsWriteTest {

    private static final FleetMetrics.FleetSeries OK = () -> List.of(
            Series.gauge("ironcore_run_queue_depth", "Queued.", "kind").add(2, "run").family());

    private static final FleetMetrics.FleetSeries FAILS_FIRST = new FleetMetrics.FleetSeries() {
        @Override
        public List<Collector.MetricFamilySamples> get() {
            throw new IllegalStateException("database down");
        }
    };

    private static final FleetMetrics.FleetSeries FAILS_AFTER_SENDING = new FleetMetrics.FleetSeries() {
        @Override
        public List<Collector.MetricFamilySamples> get() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void write(Exposition out) {
            out.gauge("ironcore_job_rpo_seconds", "RPO.", "job").add(93_600, "nightly");
            out.flush();
            throw new IllegalStateException("connection lost in the second query");
        }
    };

    @Test
    void aContributorThatFailsBeforeSendingIsLeftOut() {
        StringBuilder sent = new StringBuilder();

        boolean whole = fleet(FAILS_FIRST, OK).write(Exposition.Format.OPENMETRICS, pieces -> append(sent, pieces));

        assertThat(whole).isTrue();
        assertThat(sent.toString()).isEqualTo("""
                # TYPE ironcore_run_queue_depth gauge
                # HELP ironcore_run_queue_depth Queued.
                ironcore_run_queue_depth{kind="run"} 2.0
                """);
    }

    @Test
    void aContributorThatFailsAfterSendingPartOfItsTextFailsTheScrape() {
        StringBuilder sent = new StringBuilder();

        boolean whole = fleet(OK, FAILS_AFTER_SENDING, OK).write(Exposition.Format.TEXT,
                pieces -> append(sent, pieces));

        assertThat(whole).isFalse();
        assertThat(sent.toString()).containsOnlyOnce("ironcore_run_queue_depth{kind=\"run\",} 2.0")
                .endsWith("ironcore_job_rpo_seconds{job=\"nightly\",} 93600.0\n");
    }

    @Test
    void anInstanceThatDoesNotExportWritesNothing() {
        FleetMetrics fleet = fleet(OK);
        fleet.export = "never";
        StringBuilder sent = new StringBuilder();

        assertThat(fleet.write(Exposition.Format.TEXT, pieces -> append(sent, pieces))).isTrue();
        assertThat(sent).isEmpty();
    }

    private static FleetMetrics fleet(FleetMetrics.FleetSeries... contributors) {
        FleetMetrics fleet = new FleetMetrics();
        fleet.contributors = List.of(contributors);
        fleet.export = "always";
        return fleet;
    }

    private static void append(StringBuilder sent, List<ByteBuffer> pieces) {
        for (ByteBuffer p : pieces) {
            byte[] b = new byte[p.remaining()];
            p.get(b);
            sent.append(new String(b, StandardCharsets.UTF_8));
        }
    }
}
