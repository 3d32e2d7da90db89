package io.ironcore.jobs;

import io.ironcore.jobs.service.RunHistoryPurge;
import io.ironcore.jobs.service.RunHistoryPurgeScheduler;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.ironcore.jobs.Fixture.admin;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The run history's horizon (400 days, the default) on the module's PostgreSQL: finished runs beyond it go in
 * batches with the catalog entries of their removed snapshots; recent runs, runs that still own a snapshot (in the
 * catalog, or only in their RunCompleted), a job's last run and an unfinished run stay; removed snapshots and copies
 * beyond it go once their run is gone.
 */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_jobs"))
class RunHistoryPurgeTest {
    private static final Duration HORIZON = Duration.ofDays(400);

    @Inject
    DataSource dataSource;
    @Inject
    RunHistoryPurgeScheduler purge;

    @BeforeEach
    void setUp() {
        Fixture.ensure();
    }

    @Test
    void runsBeyondTheHorizonGoUnlessTheyStillOwnASnapshotOrAreTheLastOfTheirJob() throws SQLException {
        Instant now = Instant.now();
        Instant old = now.minus(Duration.ofDays(500));
        Instant recent = now.minus(Duration.ofDays(100));
        UUID job = UUID.fromString(admin().body(Fixture.job("horizon-job")).post("/api/v1/jobs")
                .then().statusCode(201).extract().<String>path("id"));
        UUID gone = UUID.randomUUID();   // a deleted job's runs: no job row

        List<UUID> oldSkipped = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            oldSkipped.add(run(gone, "Skipped", old.plusSeconds(i), null));
        }
        UUID oldFailed = run(job, "Failed", old, null);
        UUID recentDone = run(job, "Completed", recent, "[{\"snapshotId\":\"vm/1/recent\"}]");
        snapshot("vm/1/recent", job, recentDone, now.minus(Duration.ofDays(90)));
        UUID owning = run(job, "Completed", old, "[{\"snapshotId\":\"vm/1/kept\"}]");
        snapshot("vm/1/kept", job, owning, null);
        UUID removed = run(gone, "Completed", old, "[{\"snapshotId\":\"vm/1/pruned\"}]");
        snapshot("vm/1/pruned", gone, removed, old.plus(Duration.ofDays(1)));
        UUID partly = run(job, "Completed", old, "[{\"snapshotId\":\"vm/1/a\"},{\"snapshotId\":\"vm/2/b\"}]");
        snapshot("vm/1/a", job, partly, old.plus(Duration.ofDays(1)));
        snapshot("vm/2/b", job, partly, null);
        UUID legacy = run(gone, "Completed", old, "[{\"snapshotId\":\"vm/1/before-the-catalog\"}]");
        UUID last = run(job, "Failed", old, null);
        UUID running = run(job, "Running", old, null);
        exec("UPDATE job SET last_run_id = ?::uuid WHERE id = ?::uuid", last.toString(), job.toString());
        snapshot("vm/9/orphan-old", gone, UUID.randomUUID(), old);
        snapshot("vm/9/orphan-recent", gone, UUID.randomUUID(), now.minus(Duration.ofDays(10)));
        copy("copy-old", old);
        copy("copy-recent", now.minus(Duration.ofDays(10)));
        copy("copy-live", null);

        RunHistoryPurge.Result r;
        try (Connection c = dataSource.getConnection()) {
            r = RunHistoryPurge.run(c, now.minus(HORIZON), 2);   // batches of two
        }

        assertThat(r.runs()).isEqualTo(9);
        List<UUID> left = existing("run", "id", oldSkipped, oldFailed, recentDone, owning, removed, partly, legacy,
                last, running);
        assertThat(left).containsExactlyInAnyOrder(recentDone, owning, partly, legacy, last, running);
        assertThat(snapshots()).contains("vm/1/recent", "vm/1/kept", "vm/1/a", "vm/2/b", "vm/9/orphan-recent")
                .doesNotContain("vm/1/pruned", "vm/9/orphan-old");
        assertThat(r.snapshots()).isEqualTo(1);   // the orphan; vm/1/pruned went with its run
        assertThat(copies()).contains("copy-recent", "copy-live").doesNotContain("copy-old");
        assertThat(r.copies()).isEqualTo(1);
        // the last run is still the job's
        admin().get("/api/v1/jobs/horizon-job").then().statusCode(200)
                .body("lastRun.id", org.hamcrest.Matchers.equalTo(last.toString()));

        // the scheduled purge (the service's clock and configuration) finds nothing more
        RunHistoryPurge.Result again = purge.runOnce();
        assertThat(again.runs() + again.snapshots() + again.copies()).isZero();

        // once the last snapshot of a run is removed, the run goes on the next purge
        exec("UPDATE snapshot SET removed_at = ? WHERE snapshot_id = 'vm/2/b'", Timestamp.from(now));
        assertThat(purge.runOnce().runs()).isEqualTo(1);
        assertThat(existing("run", "id", partly)).isEmpty();
        assertThat(snapshots()).doesNotContain("vm/1/a", "vm/2/b");
    }

    private UUID run(UUID job, String state, Instant requested, String snapshots) throws SQLException {
        UUID id = UUID.randomUUID();
        exec("INSERT INTO run (id, job_id, job_name, trigger, tick_id, state, requested_at, finished_at, snapshots) "
                        + "VALUES (?::uuid, ?::uuid, 'horizon-job', 'schedule', ?, ?, ?, ?, ?::jsonb)",
                id.toString(), job.toString(), job + "@" + id, state, Timestamp.from(requested),
                "Running".equals(state) ? null : Timestamp.from(requested.plusSeconds(60)), snapshots);
        return id;
    }

    private void snapshot(String id, UUID job, UUID run, Instant removedAt) throws SQLException {
        exec("INSERT INTO snapshot (snapshot_id, job_id, run_id, datastore, namespace, source_id, created_at, "
                        + "size_bytes, removed_at) VALUES (?, ?::uuid, ?::uuid, 'ibs-primary', 'production', '12345', "
                        + "now(), 1, ?)", id, job.toString(), run.toString(),
                removedAt == null ? null : Timestamp.from(removedAt));
    }

    private void copy(String id, Instant removedAt) throws SQLException {
        exec("INSERT INTO snapshot_copy (datastore, snapshot_id, source_datastore, source_snapshot_id, sync_job_id, "
                        + "project, copied_at, removed_at) VALUES ('ibs-backup', ?, 'ibs-primary', ?, ?::uuid, 'default', "
                        + "now(), ?)", id, id, UUID.randomUUID().toString(),
                removedAt == null ? null : Timestamp.from(removedAt));
    }

    private void exec(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        }
    }

    private List<UUID> existing(String table, String column, Object... ids) throws SQLException {
        List<UUID> all = new ArrayList<>();
        for (Object o : ids) {
            if (o instanceof List<?> l) {
                l.forEach(x -> all.add((UUID) x));
            } else {
                all.add((UUID) o);
            }
        }
        List<UUID> found = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT " + column + " FROM " + table + " WHERE " + column + " = ANY (?)")) {
            s.setArray(1, c.createArrayOf("uuid", all.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return found;
    }

    private List<String> snapshots() throws SQLException {
        return strings("SELECT snapshot_id FROM snapshot WHERE snapshot_id LIKE 'vm/_/%'");
    }

    private List<String> copies() throws SQLException {
        return strings("SELECT snapshot_id FROM snapshot_copy WHERE snapshot_id LIKE 'copy-%'");
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql);
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
