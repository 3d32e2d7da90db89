package io.ironcore.events.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.ironcore.events.Validated;
import io.ironcore.events.run.RunMode;

import java.util.List;

/**
 * Everything a downstream service needs to know about a job, so that no service reads job-service's tables.
 *
 * @param type              workload type, {@code vm}
 * @param sourceIds         explicit workload ids (may be empty when filters select the sources)
 * @param datastore         target datastore name, e.g. {@code ibs-primary}
 * @param namespace         datastore namespace, empty for the root namespace
 * @param mode              {@code incremental} or {@code full} ({@link RunMode})
 * @param schedule          calendar event (systemd OnCalendar syntax) or absent for manual-only jobs
 * @param timezone          IANA zone the schedule and retention periods are evaluated in
 * @param retention         retention windows in the product's syntax, e.g. {@code keep-daily=7}
 * @param notificationMode  {@code always}, {@code errors} or {@code never}
 * @param notificationGroup notification group name, if any
 * @param enabled           false while paused
 * @param description       free text
 * @param include           filters that add workloads at run time (by name glob, tag or project)
 * @param exclude           filters that remove workloads again
 * @param overlapPolicy     when the previous run still runs at a scheduled time: {@code skip} (default: the slot
 *                          is recorded as a Skipped run) or {@code queue} (one run waits for the previous one)
 * @param action            {@code backup} (absent means backup), {@code verify} (re-check the chunks of the
 *                          snapshots in the datastore and namespace, e.g. the page's 05:00 verification) or
 *                          {@code gc} (garbage collection of the datastore)
 * @param missedRunPolicy   slots missed while no scheduler ran: {@code run-once} (default: one run, like systemd's
 *                          Persistent=) or {@code skip}; never one run per missed slot
 * @param notificationTargets the notification group's recipients (webhook URLs, email addresses) as the group defines
 *                          them; empty or absent without a group. A change to a group publishes a JobUpdated for each
 *                          of its jobs, so the list in a job's latest event is the group's
 * @param rpo               the recovery point objective set on the job, an ISO-8601 duration ({@code PT26H}): the
 *                          longest acceptable age of its newest good snapshot. Absent: derived from the schedule
 *                          (job-service's {@code Rpo})
 */
public record JobSpec(String type, List<String> sourceIds, String datastore, String namespace, RunMode mode,
                      String schedule, String timezone, String retention, String notificationMode,
                      String notificationGroup, boolean enabled, String description, List<SourceFilter> include,
                      List<SourceFilter> exclude, Overlap overlapPolicy, MissedRuns missedRunPolicy, String action,
                      List<String> notificationTargets, String rpo)
        implements Validated {

    /** A spec without an RPO of its own (it is derived from the schedule). */
    public JobSpec(String type, List<String> sourceIds, String datastore, String namespace, RunMode mode,
                   String schedule, String timezone, String retention, String notificationMode,
                   String notificationGroup, boolean enabled, String description, List<SourceFilter> include,
                   List<SourceFilter> exclude, Overlap overlapPolicy, MissedRuns missedRunPolicy, String action,
                   List<String> notificationTargets) {
        this(type, sourceIds, datastore, namespace, mode, schedule, timezone, retention, notificationMode,
                notificationGroup, enabled, description, include, exclude, overlapPolicy, missedRunPolicy, action,
                notificationTargets, null);
    }

    /** When the previous run still runs at a scheduled time; the wire strings are {@code skip} and {@code queue}. */
    public enum Overlap {
        /** The slot is recorded as a Skipped run (the default). */
        SKIP("skip"),
        /** One run waits for the previous one. */
        QUEUE("queue");

        private final String wire;

        Overlap(String wire) {
            this.wire = wire;
        }

        /** The string events and databases carry. */
        @JsonValue
        public String wire() {
            return wire;
        }

        /** The policy a wire string names; null for null (absent). Anything else is refused: a malformed event. */
        @JsonCreator
        public static Overlap fromWire(String wire) {
            if (wire == null) {
                return null;
            }
            for (Overlap o : values()) {
                if (o.wire.equals(wire)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("overlapPolicy must be skip or queue, not '" + wire + "'");
        }
    }

    /** Slots missed while no scheduler ran; the wire strings are {@code run-once} and {@code skip}. */
    public enum MissedRuns {
        /** One run for all of them, like systemd's Persistent= (the default). */
        RUN_ONCE("run-once"),
        /** None. */
        SKIP("skip");

        private final String wire;

        MissedRuns(String wire) {
            this.wire = wire;
        }

        /** The string events and databases carry. */
        @JsonValue
        public String wire() {
            return wire;
        }

        /** The policy a wire string names; null for null (absent). Anything else is refused: a malformed event. */
        @JsonCreator
        public static MissedRuns fromWire(String wire) {
            if (wire == null) {
                return null;
            }
            for (MissedRuns m : values()) {
                if (m.wire.equals(wire)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("missedRunPolicy must be run-once or skip, not '" + wire + "'");
        }
    }

    /** The spec of the walking skeleton's events, without description and filters. */
    public JobSpec(String type, List<String> sourceIds, String datastore, String namespace, RunMode mode,
                   String schedule, String timezone, String retention, String notificationMode,
                   String notificationGroup, boolean enabled) {
        this(type, sourceIds, datastore, namespace, mode, schedule, timezone, retention, notificationMode,
                notificationGroup, enabled, null, null, null, null, null, null, null, null);
    }

    @Override
    public void validate() {
        Validated.require(type, "spec.type");
        Validated.require(sourceIds, "spec.sourceIds");
        Validated.require(datastore, "spec.datastore");
        Validated.require(mode, "spec.mode");
    }
}
