package io.ironcore.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RetentionEngineTest {

    private static final ZoneId UTC = ZoneOffset.UTC;

    private static RetentionCandidate snap(String id, String time) {
        return RetentionCandidate.of(id, Instant.parse(time));
    }

    private static Map<String, String> reasons(PruneResult result) {
        Map<String, String> map = new TreeMap<>();
        for (Decision d : result.decisions()) {
            map.put(d.id(), (d.keep() ? "keep: " : "remove: ") + d.reason());
        }
        return map;
    }

    @Test
    void keepLastAndDailyKeepTwoWhereResticKeepsOne() {
        List<RetentionCandidate> list = List.of(
                snap("today-10", "2024-05-02T10:00:00Z"),
                snap("today-08", "2024-05-02T08:00:00Z"),
                snap("yesterday", "2024-05-01T10:00:00Z"));
        PruneResult result = Retention.apply(RetentionPolicy.parse("keep-last=1, keep-daily=1"), list, UTC);
        assertThat(reasons(result)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "today-10", "keep: last 1 of 1",
                "today-08", "remove: superseded by newer snapshot 'today-10' in the same day 2024-05-02 (daily)",
                "yesterday", "keep: daily 1 of 1"));
        Decision superseded = result.decision("today-08").orElseThrow();
        assertThat(superseded.kind()).isEqualTo(Decision.Kind.SUPERSEDED);
        assertThat(superseded.window()).contains(Window.DAILY);
        assertThat(superseded.supersededBy()).contains("today-10");
        assertThat(superseded.period()).contains("2024-05-02");
    }

    @Test
    void reasonsNameWindowPositionAndCount() {
        List<RetentionCandidate> list = new ArrayList<>();
        for (int day = 1; day <= 9; day++) {
            list.add(snap("d" + day, String.format("2024-05-%02dT02:00:00Z", day)));
        }
        PruneResult result = Retention.apply(RetentionPolicy.parse("keep-last=2, keep-daily=3"), list, UTC);
        assertThat(reasons(result)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "d9", "keep: last 1 of 2",
                "d8", "keep: last 2 of 2",
                "d7", "keep: daily 1 of 3",
                "d6", "keep: daily 2 of 3",
                "d5", "keep: daily 3 of 3",
                "d4", "remove: not kept by any window",
                "d3", "remove: not kept by any window",
                "d2", "remove: not kept by any window",
                "d1", "remove: not kept by any window"));
        Decision d6 = result.decision("d6").orElseThrow();
        assertThat(d6.kind()).isEqualTo(Decision.Kind.KEPT_BY_WINDOW);
        assertThat(d6.window()).contains(Window.DAILY);
        assertThat(d6.position()).isEqualTo(2);
        assertThat(d6.limit()).isEqualTo(3);
        assertThat(d6.period()).contains("2024-05-06");
        assertThat(result.decision("d9").orElseThrow().period()).isEmpty();
        assertThat(result.decision("nope")).isEmpty();
    }

    @Test
    void protectedSnapshotsAreKeptAndNeverCounted() {
        List<RetentionCandidate> list = List.of(
                snap("a", "2019-12-04T12:59:00Z").withProtected(true),
                snap("b", "2019-12-04T11:59:00Z"),
                snap("c", "2019-12-03T11:59:00Z"),
                snap("d", "2019-12-02T11:59:00Z").withProtected(true),
                snap("e", "2019-12-01T11:59:00Z"));
        PruneResult result = Retention.apply(RetentionPolicy.parse("keep-daily=2"), list, UTC);
        // 'a' does not occupy 2019-12-04: 'b' is that day's daily; 'd' does not use up a day either.
        assertThat(reasons(result)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "a", "keep: protected",
                "b", "keep: daily 1 of 2",
                "c", "keep: daily 2 of 2",
                "d", "keep: protected",
                "e", "remove: not kept by any window"));
        assertThat(result.decision("a").orElseThrow().kind()).isEqualTo(Decision.Kind.PROTECTED);
    }

    @Test
    void inUseSnapshotsAreKeptLikeProtectedOnes() {
        List<RetentionCandidate> list = List.of(
                snap("new", "2024-05-02T10:00:00Z"),
                snap("parent", "2024-05-01T10:00:00Z").withInUse(true),
                snap("both", "2024-04-30T10:00:00Z").withInUse(true).withProtected(true),
                snap("old", "2024-04-29T10:00:00Z"));
        PruneResult result = Retention.apply(RetentionPolicy.parse("keep-last=2"), list, UTC);
        assertThat(reasons(result)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "new", "keep: last 1 of 2",
                "parent", "keep: in use by a running backup",
                "both", "keep: protected",
                "old", "keep: last 2 of 2"));
        assertThat(result.decision("parent").orElseThrow().kind()).isEqualTo(Decision.Kind.IN_USE);

        PruneResult none = Retention.apply(RetentionPolicy.none(), list, UTC);
        assertThat(reasons(none)).containsEntry("both", "keep: protected")
                .containsEntry("parent", "keep: in use by a running backup")
                .containsEntry("new", "keep: no retention windows set");
    }

    @Test
    void removeMarkOfAnEarlierWindowHidesTheSnapshotFromLaterWindows() {
        // 2024-01-31 (Wed) and 2024-02-02 (Fri) are in ISO week 2024-W05. keep-weekly keeps 02-02 and
        // marks 01-31 REMOVE, so keep-monthly does not see 01-31 and keeps 01-15 for January.
        List<RetentionCandidate> list = List.of(
                snap("jan15", "2024-01-15T12:00:00Z"),
                snap("jan31", "2024-01-31T12:00:00Z"),
                snap("feb02", "2024-02-02T12:00:00Z"));
        PruneResult result = Retention.apply(RetentionPolicy.parse("keep-weekly=1, keep-monthly=2"), list, UTC);
        assertThat(reasons(result)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "feb02", "keep: weekly 1 of 1",
                "jan31", "remove: superseded by newer snapshot 'feb02' in the same ISO week 2024-W05 (weekly)",
                "jan15", "keep: monthly 1 of 2"));
        assertThat(PbsReferenceModel.compute(RetentionPolicy.parse("keep-weekly=1, keep-monthly=2"), list, UTC))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "feb02", "weekly 1 of 1", "jan31", "remove", "jan15", "monthly 1 of 2"));
    }

    @Test
    void periodSkippedAsAlreadyIncludedCanStillBeKeptByALaterWindow() {
        // keep-last keeps feb02; weekly skips jan31 (its week 2024-W05 is covered) and keeps dec20;
        // monthly finds January not covered and keeps jan31.
        List<RetentionCandidate> list = List.of(
                snap("dec20", "2023-12-20T12:00:00Z"),
                snap("jan31", "2024-01-31T12:00:00Z"),
                snap("feb02", "2024-02-02T12:00:00Z"));
        RetentionPolicy policy = RetentionPolicy.parse("keep-last=1, keep-weekly=1, keep-monthly=2");
        PruneResult result = Retention.apply(policy, list, UTC);
        assertThat(reasons(result)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "feb02", "keep: last 1 of 1",
                "dec20", "keep: weekly 1 of 1",
                "jan31", "keep: monthly 1 of 2"));
    }

    @Test
    void resultKeepsInputOrderAndOffersViews() {
        List<RetentionCandidate> list = List.of(
                snap("c", "2019-12-03T11:59:00Z"),
                snap("a", "2019-12-04T12:59:00Z"),
                snap("d", "2019-12-02T11:59:00Z"),
                snap("b", "2019-12-04T11:59:00Z"));
        PruneResult result = Retention.apply(RetentionPolicy.parse("keep-daily=2"), list, UTC);
        assertThat(result.decisions()).extracting(Decision::id).containsExactly("c", "a", "d", "b");
        assertThat(result.decisions()).extracting(Decision::keep).containsExactly(true, true, false, false);
        assertThat(result.kept()).extracting(Decision::id).containsExactly("c", "a");
        assertThat(result.removed()).extracting(Decision::id).containsExactly("d", "b");
        assertThat(result.newestFirst()).extracting(Decision::id).containsExactly("a", "b", "c", "d");
        assertThat(result.keptCount()).isEqualTo(2);
        assertThat(result.removedCount()).isEqualTo(2);
        assertThat(result.decision(2).id()).isEqualTo("d");
        assertThat(result.policy()).isEqualTo(RetentionPolicy.parse("keep-daily=2"));
        assertThat(result.zone()).isEqualTo(UTC);
        assertThat(result.toString()).contains("keep-daily=2").contains("d remove (not kept by any window)");
    }

    @Test
    void equalInstantsAreOrderedByIdDeterministically() {
        List<RetentionCandidate> list = new ArrayList<>(List.of(
                snap("snap-a", "2024-05-02T10:00:00Z"),
                snap("snap-c", "2024-05-02T10:00:00Z"),
                snap("snap-b", "2024-05-02T10:00:00Z"),
                snap("older", "2024-05-01T10:00:00Z")));
        RetentionPolicy policy = RetentionPolicy.parse("keep-last=1, keep-daily=2");
        Map<String, String> expected = Map.of(
                "snap-c", "keep: last 1 of 1",
                "snap-b", "remove: superseded by newer snapshot 'snap-c' in the same day 2024-05-02 (daily)",
                "snap-a", "remove: superseded by newer snapshot 'snap-c' in the same day 2024-05-02 (daily)",
                "older", "keep: daily 1 of 2");
        Random random = new Random(7);
        for (int i = 0; i < 20; i++) {
            Collections.shuffle(list, random);
            assertThat(reasons(Retention.apply(policy, list, UTC))).containsExactlyInAnyOrderEntriesOf(expected);
        }
        assertThat(Retention.apply(policy, list, UTC).newestFirst()).extracting(Decision::id)
                .containsExactly("snap-c", "snap-b", "snap-a", "older");
    }

    @Test
    void subSecondDifferencesCount() {
        List<RetentionCandidate> list = List.of(
                snap("x", "2024-05-02T10:00:00.500Z"),
                snap("y", "2024-05-02T10:00:00.100Z"));
        PruneResult result = Retention.apply(RetentionPolicy.parse("keep-last=1"), list, UTC);
        assertThat(result.kept()).extracting(Decision::id).containsExactly("x");
    }

    @Test
    void duplicateIdsAreRejected() {
        List<RetentionCandidate> list = List.of(
                snap("same", "2024-05-02T10:00:00Z"),
                snap("other", "2024-05-02T11:00:00Z"),
                snap("same", "2024-05-01T10:00:00Z"));
        assertThatThrownBy(() -> Retention.apply(RetentionPolicy.parse("keep-last=1"), list, UTC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duplicate snapshot id 'same' (input positions 0 and 2): snapshot ids must be unique");
    }

    @Test
    void nullsAreRejected() {
        List<RetentionCandidate> withNull = new ArrayList<>();
        withNull.add(null);
        RetentionPolicy policy = RetentionPolicy.parse("keep-last=1");
        assertThatThrownBy(() -> Retention.apply(policy, withNull, UTC)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Retention.apply(null, List.of(), UTC)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Retention.apply(policy, List.of(), null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> RetentionCandidate.of(null, Instant.EPOCH)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> RetentionCandidate.of("x", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void emptyInput() {
        PruneResult result = Retention.apply(RetentionPolicy.parse("keep-daily=7"), List.of(), UTC);
        assertThat(result.decisions()).isEmpty();
        assertThat(result.kept()).isEmpty();
        assertThat(result.removed()).isEmpty();
    }

    @Test
    void hourlyMergesTheRepeatedHourOfAFallBackDay() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        // 00:30Z = 02:30 CEST, 01:30Z = 02:30 CET: the same local hour 2024-10-27T02.
        List<RetentionCandidate> list = List.of(
                snap("first-0230", "2024-10-27T00:30:00Z"),
                snap("second-0230", "2024-10-27T01:30:00Z"));
        PruneResult result = Retention.apply(RetentionPolicy.parse("keep-hourly=5"), list, berlin);
        assertThat(reasons(result)).containsEntry("second-0230", "keep: hourly 1 of 5")
                .containsEntry("first-0230",
                        "remove: superseded by newer snapshot 'second-0230' in the same hour 2024-10-27T02 (hourly)");
        assertThat(Retention.apply(RetentionPolicy.parse("keep-hourly=5"), list, UTC).removed()).isEmpty();
    }

    @Test
    void windowsThatAreNotSetDoNotTakePart() {
        List<RetentionCandidate> list = List.of(
                snap("a", "2024-05-02T10:00:00Z"),
                snap("b", "2023-05-02T10:00:00Z"),
                snap("c", "2022-05-02T10:00:00Z"));
        PruneResult result = Retention.apply(RetentionPolicy.parse("keep-yearly=2"), list, UTC);
        assertThat(reasons(result)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "a", "keep: yearly 1 of 2",
                "b", "keep: yearly 2 of 2",
                "c", "remove: not kept by any window"));
        assertThat(result.decision("a").orElseThrow().period()).contains("2024");
    }
}
