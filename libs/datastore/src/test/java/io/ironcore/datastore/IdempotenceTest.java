package io.ironcore.datastore;

import static io.ironcore.datastore.TestSupport.CHUNK;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdempotenceTest {
    @TempDir
    Path tmp;

    @Test
    void redeliveredRunMakesNoSecondSnapshot() throws Exception {
        TestSupport.MutableClock clock = new TestSupport.MutableClock(Instant.parse("2026-11-26T02:00:00Z"));
        BackupGroup g = BackupGroup.vm("12345");
        byte[] img = TestSupport.mixed(1, 3 * CHUNK);
        try (Datastore ds = Datastore.create(tmp.resolve("ds"), TestSupport.fastOptions().clock(clock).build())) {
            BackupResult first = ds.backup(BackupRequest.builder(g).image(new TestSupport.ArraySource("d", img, null))
                    .jobId("job-7").runId("run-1").build());
            assertThat(first.alreadyCompleted()).isFalse();
            assertThat(first.manifest().jobId()).isEqualTo("job-7");
            assertThat(first.manifest().runId()).isEqualTo("run-1");
            assertThat(first.snapshot().toString()).isEqualTo("vm/12345/2026-11-26T02:00:00Z");
            assertThat(ds.findSnapshotByRunId(g, "run-1")).get().extracting(SnapshotInfo::ref)
                    .isEqualTo(first.snapshot());
            assertThat(ds.findSnapshotByRunId(g, "run-2")).isEmpty();

            clock.advance(Duration.ofMinutes(10));
            TestSupport.ArraySource again = new TestSupport.ArraySource("d", img, null);
            BackupResult second = ds.backup(BackupRequest.builder(g).image(again).jobId("job-7").runId("run-1").build());
            assertThat(second.alreadyCompleted()).isTrue();
            assertThat(second.snapshot()).isEqualTo(first.snapshot());
            assertThat(second.manifest()).isEqualTo(first.manifest());
            assertThat(again.reads.get()).isZero();
            assertThat(ds.listSnapshots(g)).hasSize(1);

            BackupResult third = ds.backup(BackupRequest.builder(g).image(new TestSupport.ArraySource("d", img, null))
                    .runId("run-2").build());
            assertThat(third.alreadyCompleted()).isFalse();
            assertThat(ds.listSnapshots(g)).hasSize(2);
        }
    }
}
