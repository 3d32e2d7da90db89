package io.ironcore.jobs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A sync job: copies snapshots from a source datastore and namespace to a target, with the target's retention. */
@Entity
@Table(name = "sync_job")
public class SyncJob extends PanacheEntityBase {
    @Id
    public UUID id;
    public String project;
    public String name;
    public String sourceDatastore;
    public String sourceNamespace;
    public String targetDatastore;
    public String targetNamespace;
    public String schedule;
    public String timezone;
    public String retention;
    public boolean enabled;
    public long version;
    public Instant createdAt;
    /** The version whose definition is on ironcore.job-definitions; null or behind {@link #version}: not yet. */
    @Column(name = "definition_published_version")
    public Long definitionPublishedVersion;
    /** The last sync run (projected from ironcore.sync-events): running, completed or failed. */
    @Column(name = "last_sync_run_id")
    public String lastSyncRunId;
    @Column(name = "last_sync_state")
    public String lastSyncState;
    @Column(name = "last_sync_at")
    public Instant lastSyncAt;
    @Column(name = "last_sync_copied")
    public Integer lastSyncCopied;
    @Column(name = "last_sync_present")
    public Integer lastSyncPresent;
    @Column(name = "last_sync_removed")
    public Integer lastSyncRemoved;
    @Column(name = "last_sync_bytes")
    public Long lastSyncBytes;
    @Column(name = "last_sync_reason")
    public String lastSyncReason;
}
