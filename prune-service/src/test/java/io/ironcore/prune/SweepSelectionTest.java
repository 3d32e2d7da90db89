package io.ironcore.prune;

import io.ironcore.events.job.JobDeleted;
import io.ironcore.prune.config.PruneConfig.PausedJobs;
import io.ironcore.prune.service.SweepSelection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Which jobs the sweep prunes: the orphan policy of deleted jobs, and ironcore.prune.paused-jobs for paused ones. */
class SweepSelectionTest {

    @ParameterizedTest(name = "enabled={0} deleted={1} orphans={2} paused-jobs={3} -> {4}")
    @CsvSource({
            // a job that runs is pruned after its runs, not by the sweep
            "true,  false, ,      PRUNE, ACTIVE",
            "true,  false, ,      KEEP,  ACTIVE",
            // paused: pruned unless the operator says keep
            "false, false, ,      PRUNE, PRUNE",
            "false, false, ,      KEEP,  KEEP_PAUSED",
            // deleted: its own orphan policy, whatever paused-jobs says (and whether it was paused)
            "true,  true,  prune, PRUNE, PRUNE",
            "true,  true,  prune, KEEP,  PRUNE",
            "false, true,  prune, KEEP,  PRUNE",
            "true,  true,  keep,  PRUNE, KEEP_ORPHANS",
            "false, true,  keep,  PRUNE, KEEP_ORPHANS",
            // deleted before the policy existed: keep
            "true,  true,  ,      PRUNE, KEEP_ORPHANS",
    })
    void selection(boolean enabled, boolean deleted, String orphans, PausedJobs pausedJobs, SweepSelection expected) {
        JobRetention job = new JobRetention();
        job.jobId = "j";
        job.enabled = enabled;
        job.deletedAt = deleted ? Instant.parse("2026-12-01T09:00:00Z") : null;
        job.orphans = JobDeleted.Orphans.fromWire(orphans);
        assertThat(SweepSelection.of(job, pausedJobs)).isEqualTo(expected);
    }
}
