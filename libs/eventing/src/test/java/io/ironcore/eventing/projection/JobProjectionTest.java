package io.ironcore.eventing.projection;

import io.ironcore.events.job.JobChange;
import io.ironcore.events.job.JobChange.Kind;
import io.ironcore.events.job.JobDeleted;
import io.ironcore.events.job.JobSpec;
import io.ironcore.events.run.RunMode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JobProjectionTest {
    private static final Instant AT = Instant.parse("2026-11-20T03:00:00Z");

    /** A row: the retention of the spec, the version, enabled; deleted for a tombstone. */
    static final class Row {
        final String jobId;
        String retention;
        long version;
        boolean enabled;
        boolean deleted;

        Row(String jobId) {
            this.jobId = jobId;
        }
    }

    /** In-memory rows; keepTombstones: a deletion marks the row (like prune-service), else removes it. */
    static final class MapRows implements JobProjection.Rows<Row> {
        final Map<String, Row> rows = new HashMap<>();
        final List<String> calls = new ArrayList<>();
        final boolean keepTombstones;

        MapRows(boolean keepTombstones) {
            this.keepTombstones = keepTombstones;
        }

        @Override
        public Row find(String jobId) {
            return rows.get(jobId);
        }

        @Override
        public Row create(String jobId) {
            calls.add("create " + jobId);
            return new Row(jobId);
        }

        @Override
        public long version(Row row) {
            return row.version;
        }

        @Override
        public void write(Row row, JobChange change) {
            calls.add("write " + row.jobId + " v" + change.version());
            row.retention = change.spec().retention();
            row.enabled = change.spec().enabled();
            row.version = change.version();
        }

        @Override
        public void persist(Row row) {
            calls.add("persist " + row.jobId);
            rows.put(row.jobId, row);
        }

        @Override
        public void deleted(Row row, JobChange change) {
            calls.add("deleted " + change.jobId() + (row == null ? " (unknown)" : ""));
            if (row != null) {
                if (keepTombstones) {
                    row.deleted = true;
                } else {
                    rows.remove(row.jobId);
                }
            }
        }

        @Override
        public boolean tombstone(Row row) {
            return row.deleted;
        }

        @Override
        public void enabledChanged(Row row, JobChange change) {
            calls.add("enabled " + row.jobId + " " + change.enabled());
            row.enabled = change.enabled();
            row.version = Math.max(row.version, change.version());
        }
    }

    private static JobChange updated(String jobId, long version, String retention) {
        JobSpec spec = new JobSpec("backup", List.of("vm-1"), "main", null, RunMode.INCREMENTAL,
                "daily", null, retention, null, null, true);
        return new JobChange(version == 1 ? Kind.CREATED : Kind.UPDATED, jobId, "job " + jobId, "p", spec, true,
                version, AT);
    }

    private static JobChange disabled(String jobId, long version) {
        return new JobChange(Kind.DISABLED, jobId, "job " + jobId, "p", null, false, version, AT);
    }

    private static JobChange deleted(String jobId) {
        return new JobChange(Kind.DELETED, jobId, "job " + jobId, "p", null, null, 0, AT, JobDeleted.Orphans.PRUNE);
    }

    @Test
    void aNewJobGetsARowAndANewerSpecIsWrittenOverIt() {
        MapRows rows = new MapRows(false);
        JobProjection.apply(updated("j1", 1, "keep-last=3"), rows);
        JobProjection.apply(updated("j1", 2, "keep-last=5"), rows);

        assertThat(rows.calls).containsExactly("create j1", "write j1 v1", "persist j1", "write j1 v2",
                "persist j1");
        assertThat(rows.rows.get("j1").retention).isEqualTo("keep-last=5");
        assertThat(rows.rows.get("j1").version).isEqualTo(2);
    }

    @Test
    void aReplayedOlderOrSameVersionChangesNothing() {
        MapRows rows = new MapRows(false);
        JobProjection.apply(updated("j1", 3, "keep-last=3"), rows);
        rows.calls.clear();

        JobProjection.apply(updated("j1", 3, "keep-last=9"), rows);
        JobProjection.apply(updated("j1", 2, "keep-last=9"), rows);
        JobProjection.apply(disabled("j1", 3), rows);

        assertThat(rows.calls).isEmpty();
        assertThat(rows.rows.get("j1").retention).isEqualTo("keep-last=3");
        assertThat(rows.rows.get("j1").enabled).isTrue();
    }

    @Test
    void versionZeroMeansTheEventDoesNotSayAndAlwaysApplies() {
        MapRows rows = new MapRows(false);
        JobProjection.apply(updated("j1", 3, "keep-last=3"), rows);
        JobProjection.apply(updated("j1", 0, "keep-last=4"), rows);

        assertThat(rows.rows.get("j1").retention).isEqualTo("keep-last=4");
    }

    @Test
    void pauseAndResumeReachOnlyAKnownRowAndNeverCreateOne() {
        MapRows rows = new MapRows(false);
        JobProjection.apply(disabled("unknown", 5), rows);
        assertThat(rows.calls).isEmpty();
        assertThat(rows.rows).isEmpty();

        JobProjection.apply(updated("j1", 1, "keep-last=3"), rows);
        rows.calls.clear();
        JobProjection.apply(disabled("j1", 2), rows);

        assertThat(rows.calls).containsExactly("enabled j1 false");
        assertThat(rows.rows.get("j1").enabled).isFalse();
        assertThat(rows.rows.get("j1").version).isEqualTo(2);
    }

    @Test
    void aDeletionReachesTheRowsForKnownAndUnknownJobs() {
        MapRows rows = new MapRows(false);
        JobProjection.apply(updated("j1", 1, "keep-last=3"), rows);
        rows.calls.clear();

        JobProjection.apply(deleted("j1"), rows);
        JobProjection.apply(deleted("j2"), rows);

        assertThat(rows.calls).containsExactly("deleted j1", "deleted j2 (unknown)");
        assertThat(rows.rows).isEmpty();
    }

    @Test
    void aTombstoneTakesNoMoreChangesButDeletionsStillReachIt() {
        MapRows rows = new MapRows(true);
        JobProjection.apply(updated("j1", 1, "keep-last=3"), rows);
        JobProjection.apply(deleted("j1"), rows);
        rows.calls.clear();

        JobProjection.apply(updated("j1", 7, "keep-last=9"), rows);
        JobProjection.apply(disabled("j1", 8), rows);
        JobProjection.apply(deleted("j1"), rows);

        assertThat(rows.calls).containsExactly("deleted j1");
        assertThat(rows.rows.get("j1").retention).isEqualTo("keep-last=3");
        assertThat(rows.rows.get("j1").deleted).isTrue();
    }
}
