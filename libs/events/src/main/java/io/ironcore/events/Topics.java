package io.ironcore.events;

import java.util.List;
import java.util.stream.Stream;

/**
 * Kafka topics, keyed by the aggregate id (the job id) so one job's records stay in order. Every stream
 * ({@link #STREAMS}) has a {@code .dlq} twin for messages a consumer could not process; a state topic
 * ({@link #STATE}) has none.
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

    /**
     * The current definition of every job and sync job, compacted by key (job or sync job id): JobDefinition or
     * SyncJobDefinition after each change, and a tombstone (a null value) when it is deleted. A changelog, as a
     * Kafka Streams KTable has: a consumer that reads it from offset 0 knows every job as it is now.
     */
    public static final String JOB_DEFINITIONS = "ironcore.job-definitions";

    public static final String DLQ_SUFFIX = ".dlq";

    /** Partitions of every stream: the unit of parallelism for consumer groups (workers, schedulers). */
    public static final int PARTITIONS = 6;

    public static final List<String> STREAMS = List.of(
            JOB_EVENTS, TICKS, RUN_REQUESTS, RUN_EVENTS, PRUNE_EVENTS, SYNC_EVENTS, NOTIFICATION_EVENTS,
            COMPLIANCE_EVENTS);

    /**
     * The compacted state topics: one current record per key. No service of Ironcore consumes them (they are for
     * other systems to read), so they have no {@code .dlq} twin.
     */
    public static final List<String> STATE = List.of(JOB_DEFINITIONS);

    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }

    /** Every stream and its dead-letter twin, then the state topics: every topic the system needs. */
    public static List<String> all() {
        return Stream.concat(STREAMS.stream().flatMap(t -> Stream.of(t, dlq(t))), STATE.stream()).toList();
    }

    private Topics() {
    }
}
