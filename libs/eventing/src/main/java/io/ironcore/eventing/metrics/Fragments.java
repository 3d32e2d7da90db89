package io.ironcore.eventing.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Families written as text per key, to be kept between scrapes so that a scrape writes again only the series of what
 * changed (job-service's per-job families: 10,000 jobs are 21 MB of text). A series' key is its first
 * {@code keyLabels} label values (project and job). {@link #take()} hands each key's lines of each family on as
 * bytes in the format given, without the families' HELP and TYPE lines; {@link Exposition#lines} writes them into a
 * scrape's family of the same name. A family's lines for one key need not come together.
 */
public final class Fragments implements Family.Sink {
    private final Exposition text;
    private final int keyLabels;
    private final List<Keyed> families = new ArrayList<>();
    private final Map<List<String>, byte[][]> byKey = new HashMap<>();

    public Fragments(Exposition.Format format, int keyLabels) {
        this.text = new Exposition(format);
        this.keyLabels = keyLabels;
    }

    @Override
    public Family gauge(String name, String help, String... labelNames) {
        return keyed(text.gauge(name, help, labelNames), labelNames);
    }

    @Override
    public Family counter(String name, String help, String... labelNames) {
        return keyed(text.counter(name, help, labelNames), labelNames);
    }

    @Override
    public Family histogram(String name, String help, double[] buckets, String... labelNames) {
        return keyed(text.histogram(name, help, buckets, labelNames), labelNames);
    }

    /**
     * Each key's lines, per family in the order the families were declared (an empty array where a family has
     * none for the key); the fragments are empty after.
     */
    public Map<List<String>, byte[][]> take() {
        for (Keyed f : families) {
            f.cut();
        }
        Map<List<String>, byte[][]> out = new HashMap<>(byKey.size() * 2);
        byte[] none = new byte[0];
        byKey.forEach((key, lines) -> {
            byte[][] all = Arrays.copyOf(lines, families.size());
            for (int i = 0; i < all.length; i++) {
                if (all[i] == null) {
                    all[i] = none;
                }
            }
            out.put(key, all);
        });
        byKey.clear();
        return out;
    }

    private Family keyed(Family family, String[] labelNames) {
        if (labelNames.length < keyLabels) {
            throw new IllegalArgumentException("a family kept per key needs its " + keyLabels + " key labels first");
        }
        Exposition.take(family); // its HELP and TYPE lines: a scrape's own family writes them
        Keyed k = new Keyed(family, families.size());
        families.add(k);
        return k;
    }

    /** Writes into the family's text; when the key changes, the lines so far go to the previous key. */
    private final class Keyed implements Family {
        private final Family family;
        private final int index;
        private String[] current;

        Keyed(Family family, int index) {
            this.family = family;
            this.index = index;
        }

        @Override
        public Family add(double value, String... labelValues) {
            at(labelValues);
            family.add(value, labelValues);
            return this;
        }

        @Override
        public Family observed(long[] bucketCounts, double sum, String... labelValues) {
            at(labelValues);
            family.observed(bucketCounts, sum, labelValues);
            return this;
        }

        private void at(String[] labelValues) {
            if (labelValues.length < keyLabels) {
                throw new IllegalArgumentException("a series kept per key needs its " + keyLabels + " key labels");
            }
            if (current != null && same(current, labelValues)) {
                return;
            }
            cut();
            current = Arrays.copyOf(labelValues, keyLabels);
            for (int i = 0; i < keyLabels; i++) {
                if (current[i] == null) {
                    current[i] = ""; // as the text writes it
                }
            }
        }

        private boolean same(String[] key, String[] labelValues) {
            for (int i = 0; i < keyLabels; i++) {
                String v = labelValues[i] == null ? "" : labelValues[i];
                if (!key[i].equals(v)) {
                    return false;
                }
            }
            return true;
        }

        /** The lines written for the current key since it began go to that key. */
        void cut() {
            if (current == null) {
                return;
            }
            byte[] lines = Exposition.take(family);
            byte[][] all = byKey.computeIfAbsent(List.of(current), k -> new byte[families.size()][]);
            if (all.length <= index) {
                all = Arrays.copyOf(all, families.size());
                byKey.put(List.of(current), all);
            }
            all[index] = all[index] == null ? lines : concat(all[index], lines);
            current = null;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
