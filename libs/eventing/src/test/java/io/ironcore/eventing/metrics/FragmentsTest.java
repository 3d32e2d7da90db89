package io.ironcore.eventing.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Text kept per key and put back together is the text written in one go, in either format. */
class FragmentsTest {
    private static final double[] BUCKETS = {1, 10};

    @Test
    void eachKeysLinesPutBackTogetherAreTheTextWrittenInOneGo() {
        for (Exposition.Format format : Exposition.Format.values()) {
            Exposition whole = new Exposition(format);
            fill(whole);
            Fragments f = new Fragments(format, 2);
            fill(f);
            Map<List<String>, byte[][]> kept = f.take();

            assertThat(kept).containsOnlyKeys(List.of("p", "a"), List.of("p", "b"), List.of("q", "a"));
            assertThat(kept.get(List.of("q", "a"))[1]).isEmpty(); // no histogram for it
            Exposition again = new Exposition(format);
            Family runs = again.counter("runs", "Runs.", "project", "job", "status");
            for (List<String> key : List.of(List.of("p", "a"), List.of("p", "b"), List.of("q", "a"))) {
                again.lines(runs, kept.get(key)[0]);
            }
            Family durations = again.histogram("durations", "Durations.", BUCKETS, "project", "job");
            for (List<String> key : List.of(List.of("p", "a"), List.of("p", "b"), List.of("q", "a"))) {
                again.lines(durations, kept.get(key)[1]);
            }
            assertThat(again.toString()).as(format.name()).isEqualTo(whole.toString());
            assertThat(f.take()).as("taken once").isEmpty();
        }
    }

    @Test
    void linesOfAKeyThatComeApartAreJoined() {
        Fragments f = new Fragments(Exposition.Format.TEXT, 2);
        Family runs = f.counter("runs", "Runs.", "project", "job", "status");
        runs.add(1, "p", "a", "Completed").add(2, "p", "b", "Completed").add(3, "p", "a", "Failed");

        String a = new String(f.take().get(List.of("p", "a"))[0]);

        assertThat(a).isEqualTo("runs_total{project=\"p\",job=\"a\",status=\"Completed\",} 1.0\n"
                + "runs_total{project=\"p\",job=\"a\",status=\"Failed\",} 3.0\n");
    }

    private static void fill(Family.Sink out) {
        Family runs = out.counter("runs", "Runs.", "project", "job", "status");
        runs.add(1, "p", "a", "Completed").add(2, "p", "a", "Failed").add(5, "p", "b", "Completed")
                .add(7, "q", "a", "Completed");
        Family durations = out.histogram("durations", "Durations.", BUCKETS, "project", "job");
        durations.observed(new long[] {1, 2, 0}, 12.5, "p", "a").observed(new long[] {0, 0, 3}, 99, "p", "b");
    }
}
