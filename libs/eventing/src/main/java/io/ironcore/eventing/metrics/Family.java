package io.ironcore.eventing.metrics;

/**
 * One metric family being filled from stored values: a gauge's or counter's value per combination of label values,
 * or a histogram's stored bucket counts. {@link Series} collects them as Prometheus client samples;
 * {@link Exposition} writes them straight into the text format.
 */
public interface Family {

    /** A gauge's or a counter's value for one combination of label values. */
    Family add(double value, String... labelValues);

    /**
     * A histogram's series for one combination of label values.
     *
     * @param bucketCounts observations per bucket (not cumulative), one per upper bound plus one for +Inf
     * @param sum          the sum of the observations
     */
    Family observed(long[] bucketCounts, double sum, String... labelValues);

    /** Where families are declared; they are exported in the order they were declared. */
    interface Sink {
        /**
         * The families declared so far have all their series: a sink that streams may send them now. A contributor
         * that fills families from several queries says so after each.
         */
        default void flush() {
        }

        Family gauge(String name, String help, String... labelNames);

        /** A counter; {@code name} is the family's name without {@code _total}, which each sample's name carries. */
        Family counter(String name, String help, String... labelNames);

        /** A histogram with these upper bounds (ascending, without +Inf). */
        Family histogram(String name, String help, double[] buckets, String... labelNames);
    }
}
