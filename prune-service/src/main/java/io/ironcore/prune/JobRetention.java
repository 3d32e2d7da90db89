package io.ironcore.prune;

import io.ironcore.events.job.JobDeleted;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A job's retention, as the job events tell it. A deleted job keeps its row (its last retention), marked with when it
 * was deleted and its orphan policy ({@code keep} or {@code prune}); a paused job is {@code enabled = false}.
 */
@Entity
@Table(name = "job_retention")
public class JobRetention extends PanacheEntityBase {
    @Id
    public String jobId;
    public String jobName;
    public String project;
    public String datastore;
    public String namespace;
    public String retention;
    public String timezone;
    public long version;
    public Instant updatedAt;
    public boolean enabled = true;
    public Instant deletedAt;
    /** Stored as its wire string ({@code keep}, {@code prune}); null for a job that is not deleted. */
    @Convert(converter = OrphansColumn.class)
    public JobDeleted.Orphans orphans;
    /** When the sweep last pruned the job, and why its last attempt failed (null when it did not). */
    public Instant sweptAt;
    public String sweepError;

    public boolean deleted() {
        return deletedAt != null;
    }

    /** {@code job_retention.orphans} holds an orphan policy's wire string. */
    @Converter
    public static class OrphansColumn implements AttributeConverter<JobDeleted.Orphans, String> {
        @Override
        public String convertToDatabaseColumn(JobDeleted.Orphans orphans) {
            return orphans == null ? null : orphans.wire();
        }

        @Override
        public JobDeleted.Orphans convertToEntityAttribute(String wire) {
            return JobDeleted.Orphans.fromWire(wire);
        }
    }
}
