package io.ironcore.jobs.messaging;

import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.RunStats;
import io.ironcore.events.run.SnapshotCreated;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The time the catalog gives a snapshot (plain JUnit, no Quarkus): the worker's, else its run's completion. */
class SnapshotCatalogHandlerTest {
    private static final Instant STARTED = Instant.parse("2026-12-01T02:00:00Z");
    private static final Instant COMPLETED = Instant.parse("2026-12-01T02:10:00Z");

    private static RunCompleted completion(SnapshotCreated s) {
        return new RunCompleted("r", "j", "job", "worker-1", "snapshot", "ds-1", "", STARTED, COMPLETED,
                new RunStats(0, 0, 0, 0, 0, 0, 0), List.of(s));
    }

    @Test
    void aSnapshotHasTheTimeTheWorkerGaveIt() {
        Instant made = Instant.parse("2026-12-01T02:03:00Z");
        SnapshotCreated s = new SnapshotCreated("vm-1", "vm/vm-1/2026-12-01T02:00:00Z", 1, made);
        assertThat(SnapshotCatalogHandler.createdAt(s, completion(s))).isEqualTo(made);
    }

    @Test
    void aSnapshotOfAnOlderEventHasItsRunsCompletionTimeNotATimeParsedFromItsId() {
        SnapshotCreated s = new SnapshotCreated("vm-1", "vm/vm-1/2026-12-01T02:00:00Z", 1);
        assertThat(SnapshotCatalogHandler.createdAt(s, completion(s))).isEqualTo(COMPLETED);
    }
}
