package io.ironcore.jobs.service;

import io.ironcore.jobs.Job;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** When a job's schedule fires next, on plain jobs (no Quarkus, no database). */
class NextRunTest {
    private static final Instant NOON = Instant.parse("2026-12-04T12:00:00Z");

    private static Job job(String schedule, String timezone, boolean enabled) {
        Job job = new Job();
        job.schedule = schedule;
        job.timezone = timezone;
        job.enabled = enabled;
        return job;
    }

    @Test
    void aJobWithoutAScheduleNeverRunsOnItsOwn() {
        assertThat(NextRun.of(job(null, "UTC", true), NOON)).isNull();
    }

    @Test
    void aDisabledJobHasNoNextRun() {
        assertThat(NextRun.of(job("daily", "UTC", false), NOON)).isNull();
    }

    @Test
    void anEnabledJobRunsAtTheNextElapseOfItsSchedule() {
        assertThat(NextRun.of(job("*-*-* 02:00:00", "UTC", true), NOON))
                .isEqualTo(Instant.parse("2026-12-05T02:00:00Z"));
    }

    @Test
    void theNextElapseIsStrictlyAfterNow() {
        Instant atAnElapse = Instant.parse("2026-12-05T02:00:00Z");
        assertThat(NextRun.of("*-*-* 02:00:00", "UTC", atAnElapse)).isEqualTo(Instant.parse("2026-12-06T02:00:00Z"));
    }

    @Test
    void theScheduleIsReadInTheJobsTimeZone() {
        // midnight in Berlin is 23:00 UTC in winter (CET, UTC+1)
        assertThat(NextRun.of(job("daily", "Europe/Berlin", true), NOON))
                .isEqualTo(Instant.parse("2026-12-04T23:00:00Z"));
    }

    @Test
    void aScheduleThatNeverElapsesAgainHasNoNextRun() {
        assertThat(NextRun.of("2020-01-01 00:00:00", "UTC", NOON)).isNull();
    }
}
