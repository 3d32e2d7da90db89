package io.ironcore.jobs;

import io.ironcore.events.job.JobSpec;
import io.ironcore.events.run.RunAction;
import io.ironcore.events.run.RunMode;
import io.ironcore.events.run.RunRequested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The columns of the events' vocabularies hold the same text as before the enums (V1, V3, V5's values). */
class WireColumnTest {

    @Test
    void eachColumnStoresTheWireStringAndReadsItBack() {
        check(new Job.ActionColumn(), Map.of(RunAction.BACKUP, "backup", RunAction.VERIFY, "verify",
                RunAction.GC, "gc"));
        check(new Job.ModeColumn(), Map.of(RunMode.INCREMENTAL, "incremental", RunMode.FULL, "full"));
        check(new Job.OverlapColumn(), Map.of(JobSpec.Overlap.SKIP, "skip", JobSpec.Overlap.QUEUE, "queue"));
        check(new Job.MissedRunsColumn(), Map.of(JobSpec.MissedRuns.RUN_ONCE, "run-once",
                JobSpec.MissedRuns.SKIP, "skip"));
        check(new Run.TriggerColumn(), Map.of(RunRequested.Trigger.MANUAL, "manual",
                RunRequested.Trigger.SCHEDULE, "schedule"));
    }

    @Test
    void nullStaysNullAndAnotherTextIsRefused() {
        for (WireColumn<?> c : List.of(new Job.ActionColumn(), new Job.ModeColumn(), new Job.OverlapColumn(),
                new Job.MissedRunsColumn(), new Run.TriggerColumn())) {
            assertThat(c.convertToDatabaseColumn(null)).isNull();
            assertThat(c.convertToEntityAttribute(null)).isNull();
            assertThatThrownBy(() -> c.convertToEntityAttribute("SKIP")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static <E extends Enum<E>> void check(WireColumn<E> column, Map<E, String> stored) {
        assertThat(stored).hasSize(stored.keySet().iterator().next().getDeclaringClass().getEnumConstants().length);
        stored.forEach((value, text) -> {
            assertThat(column.convertToDatabaseColumn(value)).isEqualTo(text);
            assertThat(column.convertToEntityAttribute(text)).isEqualTo(value);
        });
    }
}
