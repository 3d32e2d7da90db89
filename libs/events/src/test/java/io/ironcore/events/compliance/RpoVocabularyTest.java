package io.ironcore.events.compliance;

import io.ironcore.events.EventJson;
import io.ironcore.events.MalformedEventException;
import io.ironcore.events.notification.TargetType;
import io.ironcore.events.run.RunSkipped;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The vocabularies of issue 16's events keep their wire strings, and refuse any other. */
class RpoVocabularyTest {

    @Test
    void onlyNeverProtectedStaleAndPausedAreAtRisk() {
        assertThat(RpoState.values()).filteredOn(RpoState::atRisk)
                .containsExactlyInAnyOrder(RpoState.NEVER_PROTECTED, RpoState.STALE, RpoState.PAUSED);
        assertThat(RpoState.fromWire("never-protected")).isEqualTo(RpoState.NEVER_PROTECTED);
        assertThatThrownBy(() -> RpoState.fromWire("fine")).hasMessageContaining("'fine'");
    }

    @Test
    void aBreachInAStateThatIsNotAtRiskIsMalformed() {
        String json = "{\"jobId\":\"j\",\"state\":\"protected\",\"breachedAt\":\"2026-11-27T04:00:00Z\"}";
        assertThatThrownBy(() -> EventJson.read(json, JobRpoBreached.class))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("at-risk");
        JobRpoBreached ok = EventJson.read(json.replace("protected", "paused"), JobRpoBreached.class);
        assertThat(ok.breachedAt()).isEqualTo(Instant.parse("2026-11-27T04:00:00Z"));
    }

    @Test
    void unknownSkipReasonsAndTargetTypesAreMalformedEvents() {
        String skipped = "{\"runId\":\"r\",\"jobId\":\"j\",\"skippedAt\":\"2026-11-27T02:00:00Z\",\"reason\":\"%s\"}";
        assertThat(EventJson.read(skipped.formatted("no-workloads"), RunSkipped.class).reason())
                .isEqualTo(RunSkipped.Reason.NO_WORKLOADS);
        assertThatThrownBy(() -> EventJson.read(skipped.formatted("bored"), RunSkipped.class))
                .isInstanceOf(MalformedEventException.class);
        assertThat(TargetType.fromWire("graphite")).isEqualTo(TargetType.GRAPHITE);
        assertThatThrownBy(() -> TargetType.fromWire("pager")).hasMessageContaining("'pager'");
    }
}
