package io.ironcore.eventing.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One metric family built from stored values (a projection's rows) at scrape time, rather than from this process's
 * memory: a gauge, a counter (whose value is a stored total, so it survives restarts) or a histogram (stored bucket
 * counts). Only the series that are added exist, so a deleted job has none.
 */
public final class Series implements Family {
    private final String name;
    private final Collector.Type type;
    private final String help;
    private final List<String> labelNames;
    private final double[] buckets;
    private final List<Sample> samples = new ArrayList<>();

    private Series(String name, Collector.Type type, String help, double[] buckets, String... labelNames) {
        this.name = name;
        this.type = type;
        this.help = help;
        this.buckets = buckets;
        this.labelNames = List.of(labelNames);
    }

    public static Series gauge(String name, String help, String... labelNames) {
        return new Series(name, Collector.Type.GAUGE, help, null, labelNames);
    }

    /** A counter; {@code name} is the family's name without {@code _total}, which each sample's name carries. */
    public static Series counter(String name, String help, String... labelNames) {
        return new Series(counterName(name), Collector.Type.COUNTER, help, null, labelNames);
    }

    /** A histogram with these upper bounds (ascending, without +Inf). */
    public static Series histogram(String name, String help, double[] buckets, String... labelNames) {
        return new Series(name, Collector.Type.HISTOGRAM, help, ascending(buckets), labelNames);
    }

    /** A sink that collects the families it is given as Prometheus client samples, in the order declared. */
    public static Collected collected() {
        return new Collected();
    }

    /** The families declared on it, as Prometheus client samples. */
    public static final class Collected implements Family.Sink {
        private final List<Series> declared = new ArrayList<>();

        private Collected() {
        }

        @Override
        public Series gauge(String name, String help, String... labelNames) {
            return keep(Series.gauge(name, help, labelNames));
        }

        @Override
        public Series counter(String name, String help, String... labelNames) {
            return keep(Series.counter(name, help, labelNames));
        }

        @Override
        public Series histogram(String name, String help, double[] buckets, String... labelNames) {
            return keep(Series.histogram(name, help, buckets, labelNames));
        }

        public List<MetricFamilySamples> families() {
            return declared.stream().map(Series::family).toList();
        }

        private Series keep(Series s) {
            declared.add(s);
            return s;
        }
    }

    @Override
    public Series add(double value, String... labelValues) {
        if (type == Collector.Type.HISTOGRAM) {
            throw new IllegalStateException("a histogram takes observe(...)");
        }
        String sampleName = type == Collector.Type.COUNTER ? name + "_total" : name;
        samples.add(new Sample(sampleName, labelNames, values(labelValues), value));
        return this;
    }

    @Override
    public Series observed(long[] bucketCounts, double sum, String... labelValues) {
        if (type != Collector.Type.HISTOGRAM) {
            throw new IllegalStateException(type + " takes add(...)");
        }
        checkBucketCounts(buckets, bucketCounts);
        List<String> values = values(labelValues);
        List<String> withLe = new ArrayList<>(labelNames);
        withLe.add("le");
        long cumulative = 0;
        for (int i = 0; i <= buckets.length; i++) {
            cumulative += bucketCounts[i];
            List<String> v = new ArrayList<>(values);
            v.add(i < buckets.length ? Collector.doubleToGoString(buckets[i]) : "+Inf");
            samples.add(new Sample(name + "_bucket", withLe, v, cumulative));
        }
        samples.add(new Sample(name + "_count", labelNames, values, cumulative));
        samples.add(new Sample(name + "_sum", labelNames, values, sum));
        return this;
    }

    /** The bucket an observation falls in: the first upper bound it does not exceed, or the +Inf bucket. */
    public static int bucketOf(double[] buckets, double value) {
        for (int i = 0; i < buckets.length; i++) {
            if (value <= buckets[i]) {
                return i;
            }
        }
        return buckets.length;
    }

    public MetricFamilySamples family() {
        return new MetricFamilySamples(name, type, help, List.copyOf(samples));
    }

    private List<String> values(String... labelValues) {
        checkLabels(name, labelNames, labelValues);
        List<String> v = new ArrayList<>(labelValues.length);
        for (String s : labelValues) {
            v.add(s == null ? "" : s);
        }
        return v;
    }

    static String counterName(String name) {
        if (name.endsWith("_total")) {
            throw new IllegalArgumentException("a counter family is named without _total: " + name);
        }
        return name;
    }

    static double[] ascending(double[] buckets) {
        double[] sorted = buckets.clone();
        Arrays.sort(sorted);
        if (!Arrays.equals(sorted, buckets)) {
            throw new IllegalArgumentException("buckets must be ascending");
        }
        return sorted;
    }

    static void checkBucketCounts(double[] buckets, long[] bucketCounts) {
        if (bucketCounts.length != buckets.length + 1) {
            throw new IllegalArgumentException("expected " + (buckets.length + 1) + " bucket counts, got "
                    + bucketCounts.length);
        }
    }

    static void checkLabels(String name, List<String> labelNames, String[] labelValues) {
        if (labelValues.length != labelNames.size()) {
            throw new IllegalArgumentException(name + " takes labels " + labelNames + ", got "
                    + Arrays.toString(labelValues));
        }
    }
}
