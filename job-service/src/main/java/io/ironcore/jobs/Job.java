package io.ironcore.jobs;

import io.ironcore.events.job.JobSpec;
import io.ironcore.events.job.SourceFilter;
import io.ironcore.events.run.RunAction;
import io.ironcore.events.run.RunMode;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The read model of a backup job. Every change to it appends its event to the outbox in the same transaction. */
@Entity
@Table(name = "job")
public class Job extends PanacheEntityBase {
    @Id
    public UUID id;
    public String project;
    public String name;
    public String description;
    public String type;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "source_ids", columnDefinition = "jsonb")
    public List<String> sourceIds = new ArrayList<>();
    public String datastore;
    public String namespace;
    /** Stored as its wire string ({@code incremental}, {@code full}). */
    @Convert(converter = ModeColumn.class)
    public RunMode mode;
    public String schedule;
    public String timezone;
    public String retention;
    @Column(name = "notification_mode")
    public String notificationMode;
    @Column(name = "notification_group")
    public String notificationGroup;
    public boolean enabled;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "include_filters", columnDefinition = "jsonb")
    public List<SourceFilter> include = new ArrayList<>();
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "exclude_filters", columnDefinition = "jsonb")
    public List<SourceFilter> exclude = new ArrayList<>();
    /** What the job's runs do, stored as its wire string ({@code backup}, {@code verify}, {@code gc}). */
    @Convert(converter = ActionColumn.class)
    public RunAction action;
    /** Stored as its wire string ({@code skip}, {@code queue}). */
    @Convert(converter = OverlapColumn.class)
    public JobSpec.Overlap overlapPolicy;
    /** Stored as its wire string ({@code run-once}, {@code skip}). */
    @Convert(converter = MissedRunsColumn.class)
    public JobSpec.MissedRuns missedRunPolicy;
    public UUID lastRunId;
    public String lastRunState;
    public Instant lastRunAt;
    /** The RPO set on the job, in seconds; null: derived from the schedule ({@code service.Rpo}). */
    @Column(name = "rpo_seconds")
    public Long rpoSeconds;
    /** When the newest completed run of the job finished. */
    @Column(name = "last_success_at")
    public Instant lastSuccessAt;
    /** The time of the newest snapshot of a completed backup run: the job's newest recovery point. */
    @Column(name = "last_good_snapshot_at")
    public Instant lastGoodSnapshotAt;
    public long version;
    public Instant createdAt;
    public Instant updatedAt;
    /**
     * The version whose definition is on ironcore.job-definitions ({@code service.JobDefinitions}); null or behind
     * {@link #version}: not published yet.
     */
    @Column(name = "definition_published_version")
    public Long definitionPublishedVersion;

    /**
     * The lifecycle state of the product page: Disabled while paused, Running while a run is queued or running,
     * Completed or Failed after the last run of a job without a schedule, else Scheduled (waiting for its next run).
     */
    public String state() {
        if (!enabled) {
            return "Disabled";
        }
        if ("Queued".equals(lastRunState) || "Running".equals(lastRunState)) {
            return "Running";
        }
        if (schedule == null && lastRunState != null) {
            return lastRunState;
        }
        return "Scheduled";
    }

    /** {@link #state()} as a query expression over a job aliased {@code j}. */
    public static final String STATE_EXPRESSION = "(case when j.enabled = false then 'Disabled' "
            + "when j.lastRunState in ('Queued', 'Running') then 'Running' "
            + "when j.schedule is null and j.lastRunState is not null then j.lastRunState else 'Scheduled' end)";

    /** A run of the job was just requested: it is the job's last run from now on. */
    public void lastRunRequested(Run run) {
        lastRunId = run.id;
        recordLastRun(run);
    }

    /**
     * The job keeps the state and time of its last run, for its lifecycle state ({@link #state()}). A run that is
     * not the last one (an event of an earlier run) changes nothing. Returns whether the job changed.
     */
    public boolean recordLastRun(Run run) {
        if (!run.id.equals(lastRunId)) {
            return false;
        }
        lastRunState = run.state.name();
        lastRunAt = run.lastMovedAt();
        return true;
    }

    public static Optional<Job> findByName(String project, String name) {
        return find("project = ?1 and name = ?2", project, name).firstResultOptional();
    }

    /** The project's jobs that notify this notification group, by name. */
    public static List<Job> attachedTo(String project, String group) {
        return list("project = ?1 and notificationGroup = ?2 order by name", project, group);
    }

    public JobSpec spec() {
        return new JobSpec(type, List.copyOf(sourceIds), datastore, namespace, mode, schedule, timezone, retention,
                notificationMode, notificationGroup, enabled, description, List.copyOf(include), List.copyOf(exclude),
                overlapPolicy, missedRunPolicy, action == null ? null : action.wire(), notificationTargets(),
                rpoSeconds == null ? null : Duration.ofSeconds(rpoSeconds).toString());
    }

    /** The recipients of the job's notification group (none without a group). */
    private List<String> notificationTargets() {
        NotificationGroup g = notificationGroup == null ? null : NotificationGroup.find(project, notificationGroup);
        return g == null ? List.of() : List.copyOf(g.targets);
    }

    /** {@code job.action} and {@code run.action} hold a run action's wire string. */
    @Converter
    public static class ActionColumn extends WireColumn<RunAction> {
        public ActionColumn() {
            super(RunAction::wire, RunAction::fromWire);
        }
    }

    /** {@code job.mode} holds a run mode's wire string. */
    @Converter
    public static class ModeColumn extends WireColumn<RunMode> {
        public ModeColumn() {
            super(RunMode::wire, RunMode::fromWire);
        }
    }

    /** {@code job.overlap_policy} holds an overlap policy's wire string. */
    @Converter
    public static class OverlapColumn extends WireColumn<JobSpec.Overlap> {
        public OverlapColumn() {
            super(JobSpec.Overlap::wire, JobSpec.Overlap::fromWire);
        }
    }

    /** {@code job.missed_run_policy} holds a missed-run policy's wire string. */
    @Converter
    public static class MissedRunsColumn extends WireColumn<JobSpec.MissedRuns> {
        public MissedRunsColumn() {
            super(JobSpec.MissedRuns::wire, JobSpec.MissedRuns::fromWire);
        }
    }
}
