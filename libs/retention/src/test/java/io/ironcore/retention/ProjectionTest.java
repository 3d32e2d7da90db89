package io.ironcore.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The incremental projector against the obvious O(n^2) simulation: after every new snapshot,
 * prune the survivors from scratch (once with {@link Retention#apply}, once with the independent
 * {@link PbsReferenceModel}) and record who is removed in which pass.
 */
class ProjectionTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    /** removedInPass per input index, by naive full recomputation; ties: later list entry = newer. */
    private static int[] naive(RetentionPolicy policy, List<Instant> times, ZoneId zone, boolean useReferenceModel) {
        Integer[] order = new Integer[times.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = times.get(a).compareTo(times.get(b));
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] removed = new int[times.size()];
        Arrays.fill(removed, -1);
        List<RetentionCandidate> alive = new ArrayList<>();
        for (int pass = 0; pass < order.length; pass++) {
            int idx = order[pass];
            alive.add(RetentionCandidate.of(String.format("%08d", idx), times.get(idx)));
            List<RetentionCandidate> next = new ArrayList<>();
            if (useReferenceModel) {
                Map<String, String> decisions = PbsReferenceModel.compute(policy, alive, zone);
                for (RetentionCandidate s : alive) {
                    if (decisions.get(s.id()).equals("remove")) {
                        removed[Integer.parseInt(s.id())] = pass;
                    } else {
                        next.add(s);
                    }
                }
            } else {
                PruneResult result = Retention.apply(policy, alive, zone);
                for (Decision d : result.decisions()) {
                    if (d.keep()) {
                        next.add(d.snapshot());
                    } else {
                        removed[Integer.parseInt(d.id())] = pass;
                    }
                }
            }
            alive = next;
        }
        return removed;
    }

    private static int[] removedInPass(Projection projection) {
        return projection.generations().stream().mapToInt(Projection.Generation::removedInPass).toArray();
    }

    private static List<Instant> hourly(LocalDate from, int days, ZoneId zone) {
        List<Instant> times = new ArrayList<>();
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = from.plusDays(days).atStartOfDay(zone).toInstant();
        for (Instant t = start; t.isBefore(end); t = t.plus(Duration.ofHours(1))) {
            times.add(t);
        }
        return times;
    }

    @Test
    void fourHundredDaysOfHourlySnapshotsMatchNaiveSimulation() {
        List<Instant> times = hourly(LocalDate.of(2023, 12, 1), 400, BERLIN);
        assertThat(times).hasSizeGreaterThan(9_000);
        for (String text : List.of("keep-daily=7, keep-weekly=4, keep-monthly=12",
                "keep-last=3, keep-hourly=24, keep-daily=7, keep-weekly=5, keep-monthly=6, keep-yearly=2",
                "keep-hourly=48", "keep-weekly=2, keep-yearly=3")) {
            RetentionPolicy policy = RetentionPolicy.parse(text);
            long start = System.nanoTime();
            Projection projection = Retention.project(policy, times, BERLIN);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis).as("projection of %d snapshots with %s", times.size(), policy).isLessThan(5_000);
            assertThat(removedInPass(projection)).as(text).containsExactly(naive(policy, times, BERLIN, false));
            assertThat(projection.peakKept()).isLessThanOrEqualTo((int) policy.maxKept());
        }
    }

    @Test
    void combinedPolicyReachesItsSteadyState() {
        List<Instant> times = hourly(LocalDate.of(2023, 12, 1), 400, BERLIN);
        Projection projection = Retention.project(RetentionPolicy.parse("keep-daily=7, keep-weekly=4, keep-monthly=12"),
                times, BERLIN);
        // After a year, 7 dailies + 4 weeklies + 12 monthlies exist.
        assertThat(projection.survivors()).hasSize(23);
        assertThat(projection.keptCountAfterPass(projection.passCount() - 1)).isEqualTo(23);
        List<Projection.Generation> survivors = projection.survivors();
        assertThat(survivors.get(survivors.size() - 1).created()).isEqualTo(times.get(times.size() - 1));
        // The survivors are exactly what one prune pass over the survivors keeps (a fixed point).
        List<RetentionCandidate> snaps = new ArrayList<>();
        for (Projection.Generation g : survivors) {
            snaps.add(RetentionCandidate.of("g" + g.inputIndex(), g.created()));
        }
        assertThat(Retention.apply(projection.policy(), snaps, BERLIN).removed()).isEmpty();
    }

    @Test
    void randomSchedulesMatchIndependentReferenceModel() {
        Random random = new Random(99);
        String[] zones = {"UTC", "Europe/Berlin", "America/Sao_Paulo", "Australia/Lord_Howe", "Asia/Kathmandu"};
        for (int round = 0; round < 300; round++) {
            ZoneId zone = ZoneId.of(zones[random.nextInt(zones.length)]);
            RetentionPolicy policy = DifferentialTest.randomPolicy(random);
            List<Instant> times = new ArrayList<>();
            long base = Instant.parse("2015-03-01T00:00:00Z").getEpochSecond() + random.nextInt(300_000_000);
            long step = new long[] {600, 3600, 4 * 3600, 86_400, 5 * 86_400}[random.nextInt(5)];
            int n = random.nextInt(120);
            for (int i = 0; i < n; i++) {
                base += random.nextInt(4) == 0 ? 0 : (long) (step * (0.5 + random.nextDouble()));
                times.add(Instant.ofEpochSecond(base));
            }
            if (random.nextBoolean()) {
                Collections.shuffle(times, random); // the projector sorts; ties keep list order
            }
            Projection projection = Retention.project(policy, times, zone);
            assertThat(removedInPass(projection)).as("round %d: %s in %s", round, policy, zone)
                    .containsExactly(naive(policy, times, zone, true));
        }
    }

    @Test
    void largeKeepLastStaysFast() {
        List<Instant> times = hourly(LocalDate.of(2023, 12, 1), 400, ZoneOffset.UTC);
        RetentionPolicy policy = RetentionPolicy.parse("keep-last=100000, keep-daily=30");
        long start = System.nanoTime();
        Projection projection = Retention.project(policy, times, ZoneOffset.UTC);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(projection.survivors()).hasSize(times.size());
        assertThat(millis).isLessThan(10_000);
    }

    @Test
    void timelineQueries() {
        // daily at 02:00 UTC for 10 days, keep-last=3
        List<Instant> times = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            times.add(LocalDate.of(2024, 1, 1).plusDays(d).atTime(LocalTime.of(2, 0)).toInstant(ZoneOffset.UTC));
        }
        Collections.reverse(times); // input order is newest first; generations() follows it
        Projection projection = Retention.project(RetentionPolicy.parse("keep-last=3"), times, ZoneOffset.UTC);
        assertThat(projection.passCount()).isEqualTo(10);
        assertThat(projection.generations()).extracting(Projection.Generation::created).containsExactlyElementsOf(times);
        assertThat(projection.timeline().get(0).created()).isEqualTo(Instant.parse("2024-01-01T02:00:00Z"));
        Projection.Generation first = projection.timeline().get(0);
        assertThat(first.inputIndex()).isEqualTo(9);
        assertThat(first.createdInPass()).isZero();
        assertThat(first.removedInPass()).isEqualTo(3);
        assertThat(first.removed()).isEqualTo(Instant.parse("2024-01-04T02:00:00Z"));
        assertThat(first.survives()).isFalse();
        assertThat(projection.survivors()).extracting(Projection.Generation::created).containsExactly(
                Instant.parse("2024-01-08T02:00:00Z"), Instant.parse("2024-01-09T02:00:00Z"),
                Instant.parse("2024-01-10T02:00:00Z"));
        assertThat(projection.keptAfterPass(1)).extracting(Projection.Generation::created).containsExactly(
                Instant.parse("2024-01-01T02:00:00Z"), Instant.parse("2024-01-02T02:00:00Z"));
        assertThat(projection.keptAfterPass(4)).hasSize(3);
        assertThat(projection.keptCountAfterPass(0)).isEqualTo(1);
        // at 02:00 on Jan 4 the pass of that snapshot has run: Jan 1 is gone
        assertThat(projection.aliveAt(Instant.parse("2024-01-04T02:00:00Z"))).extracting(Projection.Generation::created)
                .containsExactly(Instant.parse("2024-01-02T02:00:00Z"), Instant.parse("2024-01-03T02:00:00Z"),
                        Instant.parse("2024-01-04T02:00:00Z"));
        assertThat(projection.aliveAt(Instant.parse("2024-01-04T01:59:59Z"))).extracting(Projection.Generation::created)
                .containsExactly(Instant.parse("2024-01-01T02:00:00Z"), Instant.parse("2024-01-02T02:00:00Z"),
                        Instant.parse("2024-01-03T02:00:00Z"));
        assertThat(projection.aliveAt(Instant.parse("2023-12-31T00:00:00Z"))).isEmpty();
        assertThat(projection.peakKept()).isEqualTo(3);
        assertThatThrownBy(() -> projection.keptAfterPass(10)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void noWindowsRemoveNothingAndEmptyScheduleIsEmpty() {
        List<Instant> times = hourly(LocalDate.of(2024, 1, 1), 3, ZoneOffset.UTC);
        Projection all = Retention.project(RetentionPolicy.none(), times, ZoneOffset.UTC);
        assertThat(all.survivors()).hasSize(times.size());
        assertThat(all.peakKept()).isEqualTo(times.size());
        Projection empty = Retention.project(RetentionPolicy.parse("keep-daily=1"), List.of(), ZoneOffset.UTC);
        assertThat(empty.passCount()).isZero();
        assertThat(empty.survivors()).isEmpty();
        assertThat(empty.peakKept()).isZero();
    }

    @Test
    void equalCreationTimesAreSeparateGenerationsInListOrder() {
        Instant t = Instant.parse("2024-01-01T02:00:00Z");
        Projection p = Retention.project(RetentionPolicy.parse("keep-daily=3"), List.of(t, t, t.plusSeconds(86_400)),
                ZoneOffset.UTC);
        assertThat(p.generations()).extracting(Projection.Generation::removedInPass).containsExactly(1, -1, -1);
        assertThat(p.generations().get(0).removed()).isEqualTo(t);
        assertThat(p.generations().get(0).aliveAt(t)).isFalse();
    }
}
