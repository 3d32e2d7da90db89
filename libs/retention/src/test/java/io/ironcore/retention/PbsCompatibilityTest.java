package io.ironcore.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cases of PBS's own {@code tests/prune.rs}, with the same snapshots and expectations. */
class PbsCompatibilityTest {

    private static List<RetentionCandidate> snapshots(String... times) {
        List<RetentionCandidate> list = new ArrayList<>();
        for (String t : times) {
            list.add(RetentionCandidate.of(t, Instant.parse(t)));
        }
        return list;
    }

    private static List<String> removed(List<RetentionCandidate> list, String policy) {
        return ids(Retention.apply(RetentionPolicy.parse(policy), list, ZoneOffset.UTC).removed());
    }

    private static List<String> kept(List<RetentionCandidate> list, String policy) {
        return ids(Retention.apply(RetentionPolicy.parse(policy), list, ZoneOffset.UTC).kept());
    }

    private static List<String> ids(List<Decision> decisions) {
        List<String> ids = new ArrayList<>();
        for (Decision d : decisions) {
            ids.add(d.id());
        }
        ids.sort(null);
        return ids;
    }

    @Test
    void pruneHourly() {
        List<RetentionCandidate> list = snapshots("2019-11-15T09:39:15Z", "2019-11-15T10:49:15Z",
                "2019-11-15T10:59:15Z", "2019-11-15T11:39:15Z", "2019-11-15T11:49:15Z", "2019-11-15T11:59:15Z");
        assertThat(removed(list, "keep-hourly=3"))
                .containsExactly("2019-11-15T10:49:15Z", "2019-11-15T11:39:15Z", "2019-11-15T11:49:15Z");
        assertThat(kept(list, "keep-hourly=2")).containsExactly("2019-11-15T10:59:15Z", "2019-11-15T11:59:15Z");
    }

    @Test
    void pruneSimple2() {
        List<RetentionCandidate> list = snapshots("2018-11-15T11:59:15Z", "2019-11-15T11:59:15Z",
                "2019-11-21T11:59:15Z", "2019-11-22T11:59:15Z", "2019-11-29T11:59:15Z", "2019-12-01T11:59:15Z",
                "2019-12-02T11:59:15Z", "2019-12-03T11:59:15Z", "2019-12-04T11:59:15Z");
        assertThat(kept(list, "keep-daily=1")).containsExactly("2019-12-04T11:59:15Z");
        assertThat(kept(list, "keep-last=1, keep-daily=1"))
                .containsExactly("2019-12-03T11:59:15Z", "2019-12-04T11:59:15Z");
        assertThat(kept(list, "keep-daily=1, keep-weekly=1"))
                .containsExactly("2019-12-01T11:59:15Z", "2019-12-04T11:59:15Z");
        // 2019-11-29 is the newest of November, but keep-weekly marked it REMOVE (same ISO week as the
        // kept 2019-12-01), so keep-monthly skips it and keeps 2019-11-22 for November.
        assertThat(kept(list, "keep-daily=1, keep-weekly=1, keep-monthly=1"))
                .containsExactly("2019-11-22T11:59:15Z", "2019-12-01T11:59:15Z", "2019-12-04T11:59:15Z");
        assertThat(kept(list, "keep-monthly=1, keep-yearly=1"))
                .containsExactly("2018-11-15T11:59:15Z", "2019-12-04T11:59:15Z");
    }

    @Test
    void pruneSimple() {
        List<RetentionCandidate> list = snapshots("2019-12-02T11:59:15Z", "2019-12-03T11:59:15Z",
                "2019-12-04T11:59:15Z", "2019-12-04T12:59:15Z");
        assertThat(removed(list, "keep-last=4")).isEmpty();
        assertThat(removed(list, "keep-last=3")).containsExactly("2019-12-02T11:59:15Z");
        assertThat(removed(list, "keep-last=2")).containsExactly("2019-12-02T11:59:15Z", "2019-12-03T11:59:15Z");
        assertThat(removed(list, "keep-last=1"))
                .containsExactly("2019-12-02T11:59:15Z", "2019-12-03T11:59:15Z", "2019-12-04T11:59:15Z");
        assertThat(removed(list, "keep-last=2, keep-daily=2")).isEmpty();
        assertThat(removed(list, "keep-daily=3")).containsExactly("2019-12-04T11:59:15Z");
        assertThat(removed(list, "keep-daily=2")).containsExactly("2019-12-02T11:59:15Z", "2019-12-04T11:59:15Z");
        assertThat(removed(list, "keep-weekly=5"))
                .containsExactly("2019-12-02T11:59:15Z", "2019-12-03T11:59:15Z", "2019-12-04T11:59:15Z");
        assertThat(removed(list, "keep-daily=1, keep-weekly=5"))
                .containsExactly("2019-12-02T11:59:15Z", "2019-12-03T11:59:15Z", "2019-12-04T11:59:15Z");
        assertThat(removed(list, "keep-monthly=6"))
                .containsExactly("2019-12-02T11:59:15Z", "2019-12-03T11:59:15Z", "2019-12-04T11:59:15Z");
        assertThat(removed(list, "keep-yearly=7"))
                .containsExactly("2019-12-02T11:59:15Z", "2019-12-03T11:59:15Z", "2019-12-04T11:59:15Z");
        assertThat(removed(list, "keep-weekly=5, keep-monthly=6, keep-yearly=7"))
                .containsExactly("2019-12-02T11:59:15Z", "2019-12-03T11:59:15Z", "2019-12-04T11:59:15Z");
    }

    @Test
    void noWindowsKeepsEverything() {
        List<RetentionCandidate> list = snapshots("2019-12-02T11:59:15Z", "2019-12-03T11:59:15Z");
        PruneResult result = Retention.apply(RetentionPolicy.none(), list, ZoneOffset.UTC);
        assertThat(result.removed()).isEmpty();
        assertThat(result.decisions()).extracting(Decision::reason).containsOnly("no retention windows set");
        assertThat(result.decisions()).extracting(Decision::kind).containsOnly(Decision.Kind.NO_WINDOWS_SET);
    }
}
