package io.ironcore.scheduler;

import io.ironcore.events.job.JobSpec;
import io.ironcore.events.schedule.ScheduleTick;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A job's (or sync job's) schedule as the job events tell it, and where its firing stands. */
@Entity
@Table(name = "job_schedule")
public class JobSchedule extends PanacheEntityBase {
    @Id
    public String jobId;
    /** Whose schedule: the ticks' kind, stored as their wire string ({@code job}, {@code sync}). */
    @Convert(converter = KindColumn.class)
    public ScheduleTick.Kind kind;
    public String jobName;
    public String project;
    public String schedule;
    public String timezone;
    public boolean enabled;
    /** Stored as its wire string ({@code run-once}, {@code skip}). */
    @Convert(converter = MissedRunsColumn.class)
    public JobSpec.MissedRuns missedRunPolicy;
    public int partition;
    /** The next slot to fire; null while disabled, without a schedule, or when it never elapses again. */
    public Instant nextDue;
    /** The last slot fired. */
    public Instant lastSlot;
    public long version;
    public Instant updatedAt;

    /** {@code job_schedule.kind} holds a tick kind's wire string. */
    @Converter
    public static class KindColumn implements AttributeConverter<ScheduleTick.Kind, String> {
        @Override
        public String convertToDatabaseColumn(ScheduleTick.Kind kind) {
            return kind == null ? null : kind.wire();
        }

        @Override
        public ScheduleTick.Kind convertToEntityAttribute(String column) {
            return ScheduleTick.Kind.fromWire(column);
        }
    }

    /** {@code job_schedule.missed_run_policy} holds a missed-run policy's wire string. */
    @Converter
    public static class MissedRunsColumn implements AttributeConverter<JobSpec.MissedRuns, String> {
        @Override
        public String convertToDatabaseColumn(JobSpec.MissedRuns policy) {
            return policy == null ? null : policy.wire();
        }

        @Override
        public JobSpec.MissedRuns convertToEntityAttribute(String column) {
            return JobSpec.MissedRuns.fromWire(column);
        }
    }
}
