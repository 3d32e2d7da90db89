package io.ironcore.events;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each topic keeps: the event log is the record every projection is rebuilt from, so no topic loses an event
 * while a service may still need it.
 * <ul>
 *   <li>{@link Topics#JOB_EVENTS} (job and sync job definitions) is kept forever ({@code retention.ms=-1}) and is not
 *       compacted: its key (the job id) also carries events that are not the job's state (SyncRequested,
 *       SnapshotProtectionChanged), and pausing, resuming or deleting a job carries no spec, so compaction, which
 *       keeps only a key's last record, would lose the definition.</li>
 *   <li>every other stream (ticks, run requests, run, prune, sync, notification and compliance events) is kept for
 *       the event retention, {@value #DEFAULT_RETENTION_DAYS} days unless {@value #RETENTION_DAYS_PROPERTY} (or
 *       {@value #RETENTION_DAYS_ENV}) says otherwise;</li>
 *   <li>a {@code .dlq} twin keeps what its stream keeps, so a dead letter can be replayed as long as its stream
 *       could be;</li>
 *   <li>a state topic ({@link Topics#STATE}: {@link Topics#JOB_DEFINITIONS}) is compacted
 *       ({@code cleanup.policy=compact}, {@code retention.ms=-1}): the broker keeps at least the last record of
 *       every key, forever, and a tombstone (a null value, a deleted job) for {@value #TOMBSTONE_RETENTION_DAYS}
 *       days after its segment is compacted ({@code delete.retention.ms}; the broker's default is one day), so an
 *       outside consumer that was away for less than that still sees the deletion. Compaction cleans only closed
 *       segments ({@code segment.ms}, 7 days by default), so superseded versions stay for a while: a reader takes
 *       the last record of each key. {@code min.compaction.lag.ms} stays at the broker's default (0): nothing
 *       needs the versions between, and job-events keeps every change anyway.</li>
 * </ul>
 * No topic is bounded by size ({@code retention.bytes=-1}), whatever the broker's default.
 */
public final class TopicConfigs {
    public static final String RETENTION_DAYS_PROPERTY = "ironcore.kafka.event-retention-days";
    public static final String RETENTION_DAYS_ENV = "IRONCORE_KAFKA_EVENT_RETENTION_DAYS";
    public static final int DEFAULT_RETENTION_DAYS = 400;

    public static final String CLEANUP_POLICY = "cleanup.policy";
    public static final String RETENTION_MS = "retention.ms";
    public static final String RETENTION_BYTES = "retention.bytes";
    public static final String DELETE_RETENTION_MS = "delete.retention.ms";
    /** How long a state topic keeps a tombstone once compacted ({@code delete.retention.ms}). */
    public static final int TOMBSTONE_RETENTION_DAYS = 30;
    /** {@code retention.ms} of a topic kept forever. */
    public static final String FOREVER = "-1";

    private static final long DAY_MS = 24L * 60 * 60 * 1000;

    private TopicConfigs() {
    }

    /** The configs of one stream, {@code .dlq} twin or state topic, with the event retention in days. */
    public static Map<String, String> of(String topic, int retentionDays) {
        if (Topics.STATE.contains(topic)) {
            retentionMs(retentionDays); // below a day is refused whatever the topic
            Map<String, String> c = new LinkedHashMap<>();
            c.put(CLEANUP_POLICY, "compact");
            c.put(RETENTION_MS, FOREVER);
            c.put(RETENTION_BYTES, "-1");
            c.put(DELETE_RETENTION_MS, Long.toString(TOMBSTONE_RETENTION_DAYS * DAY_MS));
            return c;
        }
        String stream = topic.endsWith(Topics.DLQ_SUFFIX)
                ? topic.substring(0, topic.length() - Topics.DLQ_SUFFIX.length()) : topic;
        if (!Topics.STREAMS.contains(stream)) {
            throw new IllegalArgumentException("not an Ironcore topic: " + topic);
        }
        Map<String, String> c = new LinkedHashMap<>();
        c.put(CLEANUP_POLICY, "delete");
        c.put(RETENTION_MS, stream.equals(Topics.JOB_EVENTS) ? FOREVER : Long.toString(retentionMs(retentionDays)));
        c.put(RETENTION_BYTES, "-1");
        return c;
    }

    /** The configs of every topic ({@link Topics#all()}: each stream and its twin, then the state topics). */
    public static Map<String, Map<String, String>> all(int retentionDays) {
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        Topics.all().forEach(t -> all.put(t, of(t, retentionDays)));
        return all;
    }

    public static long retentionMs(int retentionDays) {
        if (retentionDays < 1) {
            throw new IllegalArgumentException(RETENTION_DAYS_PROPERTY + " must be at least 1 day, not "
                    + retentionDays);
        }
        return retentionDays * DAY_MS;
    }

    /**
     * The event retention in days: the system property {@value #RETENTION_DAYS_PROPERTY}, else the environment
     * variable {@value #RETENTION_DAYS_ENV}, else {@value #DEFAULT_RETENTION_DAYS}.
     */
    public static int retentionDays(Map<String, String> env) {
        String v = System.getProperty(RETENTION_DAYS_PROPERTY, env.get(RETENTION_DAYS_ENV));
        if (v == null || v.isBlank()) {
            return DEFAULT_RETENTION_DAYS;
        }
        try {
            int days = Integer.parseInt(v.trim());
            retentionMs(days);
            return days;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(RETENTION_DAYS_PROPERTY + ": not a number of days: " + v);
        }
    }
}
