package io.ironcore.events;

import java.util.List;

/**
 * Kafka topics, one per stream, keyed by the aggregate id (the job id) so one job's events stay in order.
 * Every topic has a {@code .dlq} twin for messages a consumer could not process.
 */
public final class Topics {
    public static final String JOB_EVENTS = "ironcore.job-events";
    public static final String TICKS = "ironcore.ticks";
    public static final String RUN_REQUESTS = "ironcore.run-requests";
    public static final String RUN_EVENTS = "ironcore.run-events";
    public static final String PRUNE_EVENTS = "ironcore.prune-events";
    public static final String SYNC_EVENTS = "ironcore.sync-events";
    public static final String NOTIFICATION_EVENTS = "ironcore.notification-events";
    /** Each job's RPO compliance: JobRpoBreached and JobRpoRestored, keyed by job id. */
    public static final String COMPLIANCE_EVENTS = "ironcore.compliance-events";

    public static final String DLQ_SUFFIX = ".dlq";

    /** Partitions of every stream: the unit of parallelism for consumer groups (workers, schedulers). */
    public static final int PARTITIONS = 6;

    public static final List<String> STREAMS = List.of(
            JOB_EVENTS, TICKS, RUN_REQUESTS, RUN_EVENTS, PRUNE_EVENTS, SYNC_EVENTS, NOTIFICATION_EVENTS,
            COMPLIANCE_EVENTS);

    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }

    /** Every stream and its dead-letter twin. */
    public static List<String> all() {
        return STREAMS.stream().flatMap(t -> java.util.stream.Stream.of(t, dlq(t))).toList();
    }

    private Topics() {
    }
}
