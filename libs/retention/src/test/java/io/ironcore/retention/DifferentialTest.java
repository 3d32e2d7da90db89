package io.ironcore.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Random snapshot sets, policies, flags and zones: the engine must decide exactly like the
 * literal PBS port in {@link PbsReferenceModel}, including every "window position of N" reason.
 */
class DifferentialTest {

    private static final String[] ZONES = {
        "UTC", "Europe/Berlin", "America/New_York", "America/Sao_Paulo", "Australia/Lord_Howe",
        "Asia/Kathmandu", "Pacific/Apia", "America/St_Johns", "Pacific/Chatham", "Africa/Casablanca",
    };

    @Test
    void engineMatchesLiteralPbsPort() {
        Random random = new Random(20240501);
        for (int round = 0; round < 4000; round++) {
            ZoneId zone = ZoneId.of(ZONES[random.nextInt(ZONES.length)]);
            RetentionPolicy policy = randomPolicy(random);
            List<RetentionCandidate> snapshots = randomSnapshots(random);
            Map<String, String> expected = new TreeMap<>(PbsReferenceModel.compute(policy, snapshots, zone));
            Map<String, String> actual = new TreeMap<>();
            for (Decision d : Retention.apply(policy, snapshots, zone).decisions()) {
                actual.put(d.id(), d.keep() ? d.reason() : "remove");
            }
            assertThat(actual).as("round %d: %s in %s on %s", round, policy, zone, snapshots).isEqualTo(expected);
        }
    }

    static RetentionPolicy randomPolicy(Random random) {
        RetentionPolicy.Builder b = RetentionPolicy.builder();
        for (Window w : Window.values()) {
            if (random.nextInt(3) == 0) {
                b.keep(w, 1 + random.nextInt(5));
            }
        }
        return b.build(); // sometimes empty: keep everything
    }

    /** Clustered times so that periods are shared, with occasional equal instants and flags. */
    static List<RetentionCandidate> randomSnapshots(Random random) {
        int n = random.nextInt(40);
        long[] spans = {600, 3 * 3600, 2 * 86_400, 20 * 86_400, 200 * 86_400, 3 * 365 * 86_400L};
        long span = spans[random.nextInt(spans.length)];
        long base = Instant.parse("2010-01-01T00:00:00Z").getEpochSecond()
                + (long) (random.nextDouble() * 15 * 365 * 86_400L);
        List<RetentionCandidate> list = new ArrayList<>();
        Instant previous = Instant.ofEpochSecond(base);
        for (int i = 0; i < n; i++) {
            Instant t = random.nextInt(8) == 0 ? previous
                    : Instant.ofEpochSecond(base + (long) (random.nextDouble() * span), random.nextInt(2) * 500_000_000);
            previous = t;
            list.add(new RetentionCandidate("s" + random.nextInt(1_000_000) + "-" + i, t,
                    random.nextInt(12) == 0, random.nextInt(15) == 0));
        }
        return list;
    }
}
