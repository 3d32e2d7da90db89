package io.ironcore.worker.service;

import io.ironcore.events.restore.RestoreRequested;
import io.ironcore.events.run.DatastoreRef;
import io.ironcore.events.run.RunAction;
import io.ironcore.events.run.RunMode;
import io.ironcore.events.run.RunRequested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Claims are a run or a restore; their kinds and states are the strings the queue table allows. */
class ClaimTest {
    @ParameterizedTest
    @EnumSource(RunAction.class)
    void aRunClaimIsOfItsRequestsAction(RunAction action) {
        RunClaim claim = new RunClaim(request(action), 2, "w1");
        assertThat(claim.kind().column()).isEqualTo(action.wire());
        assertThat(claim.kind().toString()).isEqualTo(action.wire());
        assertThat(claim.id()).isEqualTo("r1");
        assertThat(claim.jobId()).isEqualTo("j1");
        RunClaim earlier = claim.withAttempt(1);
        assertThat(earlier.attempt()).isEqualTo(1);
        assertThat(earlier.run()).isSameAs(claim.run());
        assertThat(earlier.workerId()).isEqualTo("w1");
    }

    @Test
    void aRunWithoutActionIsABackupClaim() {
        assertThat(new RunClaim(request(null), 1, "w1").kind()).isEqualTo(ClaimKind.BACKUP);
    }

    @Test
    void aRestoreClaimIsARestore() {
        RestoreRequested r = new RestoreRequested("x1", "j1", "default", new DatastoreRef("ds", "/ds"),
                "vm/1/2026-11-26T09:16:00Z", "drive-scsi0", "out.raw", "alice", Instant.EPOCH);
        Claim claim = new RestoreClaim(r, 1, "w1");
        assertThat(claim.kind()).isEqualTo(ClaimKind.RESTORE);
        assertThat(claim.id()).isEqualTo("x1");
        assertThat(claim.withAttempt(3)).isEqualTo(new RestoreClaim(r, 3, "w1"));
    }

    @Test
    void kindsAndStatesAreWhatTheTableAllows() throws IOException {
        String migrations = migration("V1__run_queue.sql") + migration("V3__gc_runs.sql");
        for (ClaimKind k : ClaimKind.values()) {
            assertThat(ClaimKind.fromColumn(k.column())).isSameAs(k);
            assertThat(migrations).contains("'" + k.column() + "'");
        }
        for (ClaimState s : ClaimState.values()) {
            assertThat(migrations).contains("'" + s.name() + "'");
        }
        assertThat(List.of(ClaimKind.values()).stream().map(ClaimKind::column))
                .containsExactly("backup", "verify", "gc", "restore");
        assertThatThrownBy(() -> ClaimKind.fromColumn("defrag")).isInstanceOf(IllegalArgumentException.class);
    }

    private static String migration(String name) throws IOException {
        try (InputStream in = ClaimTest.class.getResourceAsStream("/db/migration/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static RunRequested request(RunAction action) {
        return new RunRequested("r1", "j1", "job", "default", RunRequested.Trigger.MANUAL, null, Instant.EPOCH,
                RunMode.FULL,
                new DatastoreRef("ds", "/ds"), "", List.of(), action);
    }
}
