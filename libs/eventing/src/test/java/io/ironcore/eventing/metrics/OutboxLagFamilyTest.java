package io.ironcore.eventing.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The outbox gauge's family: one series, labelled with the service's name from its CloudEvents source. */
class OutboxLagFamilyTest {

    @Test
    void theServiceLabelIsTheSourcesLastSegment() {
        assertThat(OutboxLag.service("/ironcore/job-service")).isEqualTo("job-service");
        assertThat(OutboxLag.service("/ironcore/backup-worker/")).isEqualTo("backup-worker");
        assertThat(OutboxLag.service("sync-service")).isEqualTo("sync-service");
    }

    @Test
    void oneGaugeSeriesPerService() {
        var family = OutboxLag.family("job-service", 12.5);
        assertThat(family.name).isEqualTo("ironcore_outbox_oldest_unsent_age_seconds");
        assertThat(family.samples).singleElement().satisfies(s -> {
            assertThat(s.labelNames).containsExactly("service");
            assertThat(s.labelValues).containsExactly("job-service");
            assertThat(s.value).isEqualTo(12.5);
        });
    }
}
