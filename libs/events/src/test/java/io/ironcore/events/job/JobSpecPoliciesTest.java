package io.ironcore.events.job;

import io.ironcore.events.EventJson;
import io.ironcore.events.MalformedEventException;
import io.ironcore.events.run.RunMode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A job spec's mode, overlap and missed-run policies: the contract's wire strings, and nothing else. */
class JobSpecPoliciesTest {
    private static final JobSpec SPEC = new JobSpec("vm", List.of("1"), "ds", "", RunMode.FULL, "02:00", "UTC", null,
            "always", null, true, null, null, null, JobSpec.Overlap.QUEUE, JobSpec.MissedRuns.RUN_ONCE, null, null);

    private static String created() {
        return EventJson.writeString(new JobCreated("j1", "n", "p", SPEC, Instant.EPOCH));
    }

    @Test
    void theWireStringsAreTheContractsAndComeBack() {
        String json = created();
        assertThat(json).contains("\"mode\":\"full\"").contains("\"overlapPolicy\":\"queue\"")
                .contains("\"missedRunPolicy\":\"run-once\"");
        JobSpec back = EventJson.readStrict(json.getBytes(StandardCharsets.UTF_8), JobCreated.class).spec();
        assertThat(back.mode()).isEqualTo(RunMode.FULL);
        assertThat(back.overlapPolicy()).isEqualTo(JobSpec.Overlap.QUEUE);
        assertThat(back.missedRunPolicy()).isEqualTo(JobSpec.MissedRuns.RUN_ONCE);
        assertThat(JobSpec.Overlap.fromWire("skip")).isEqualTo(JobSpec.Overlap.SKIP);
        assertThat(JobSpec.MissedRuns.fromWire("skip")).isEqualTo(JobSpec.MissedRuns.SKIP);
    }

    @Test
    void anotherPolicyIsAMalformedEvent() {
        String json = created();
        assertThatThrownBy(() -> read(json.replace("\"queue\"", "\"parallel\"")))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("overlapPolicy must be skip or queue, not 'parallel'");
        assertThatThrownBy(() -> read(json.replace("\"run-once\"", "\"run-all\"")))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("missedRunPolicy must be run-once or skip, not 'run-all'");
        assertThatThrownBy(() -> read(json.replace("\"full\"", "\"snapshot\"")))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("mode must be incremental or full");
    }

    private static JobCreated read(String json) {
        return EventJson.readStrict(json.getBytes(StandardCharsets.UTF_8), JobCreated.class);
    }
}
