package io.ironcore.scheduler;

import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.job.JobCreated;
import io.ironcore.events.job.JobDisabled;
import io.ironcore.events.job.JobSpec;
import io.ironcore.events.run.RunMode;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import io.ironcore.scheduler.purge.TickPurgeScheduler;
import io.ironcore.scheduler.service.Ownership;
import io.ironcore.scheduler.service.TickFirer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tick purge on the scheduler's database and virtual clock (retention 30 days, the default): old ticks go, recent
 * ones and the latest tick of every job stay, and the scheduler goes on exactly as before the purge: a missed slot is
 * caught up once, a kept slot is never fired again, the next slots fire on time.
 */
@QuarkusTest
@TestProfile(ManualLoop.class)
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_scheduler"))
class TickPurgeTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration RETENTION = Duration.ofDays(30);
    private final Random random = new Random(7);

    @Inject
    TickFirer firer;
    @Inject
    TickPurgeScheduler purge;
    @Inject
    @Identifier("schedule-ownership")
    Ownership ownership;
    @Inject
    EntityManager em;

    private TopicProbe kafka;

    @BeforeEach
    void setUp() {
        kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
        await().atMost(WAIT).until(() -> !ownership.partitions().isEmpty());
    }

    @Test
    void oldTicksGoTheLatestOfEachJobStaysAndTheSchedulerResumesAsBefore() throws Exception {
        Instant start = Instant.parse("2027-01-04T00:00:00Z");
        VirtualClock.set(start);
        String daily = job("purge-daily", "02:00");
        String paused = job("purge-paused", "03:00");
        String gone = job("purge-gone", "04:00");
        awaitScheduled(daily, paused, gone);

        runUntil(start.plus(5, ChronoUnit.DAYS), daily, paused, gone);
        pause(paused);
        deleteSchedule(gone);
        runUntil(start.plus(60, ChronoUnit.DAYS), daily);
        assertThat(ticks(daily)).hasSize(60);
        assertThat(ticks(paused)).hasSize(5);
        assertThat(ticks(gone)).hasSize(5);
        List<Instant> dailyFired = firedAt(daily);
        Instant pausedLast = ticks(paused).get(4);

        long purged = purge.runOnce();

        Instant cutoff = VirtualClock.now().minus(RETENTION);
        List<Instant> expected = dailyAfter(dailyFired, cutoff);
        assertThat(expected).hasSize(30);   // fired on the 30 days before the cutoff: gone; the last 30: kept
        assertThat(ticks(daily)).containsExactlyElementsOf(expected);
        assertThat(ticks(paused)).containsExactly(pausedLast);   // old, but the latest of a job that still has one
        assertThat(ticks(gone)).isEmpty();                        // its job (schedule) is gone: nothing to guard
        assertThat(purged).isGreaterThanOrEqualTo(30 + 4 + 5);
        assertThat(purge.runOnce()).isZero();                     // nothing more to do

        // the scheduler is down for three days: the daily job catches up once (run-once), then goes on on time
        Instant back = start.plus(63, ChronoUnit.DAYS).plus(5, ChronoUnit.HOURS);
        VirtualClock.set(back);
        firer.fireDue(ownership.partitions());
        List<Instant> after = ticks(daily);
        assertThat(after).hasSize(31).last().isEqualTo(start.plus(60, ChronoUnit.DAYS).plus(2, ChronoUnit.HOURS));
        assertThat(catchUps(daily)).isEqualTo(1);
        runUntil(start.plus(66, ChronoUnit.DAYS), daily);
        // one run for the missed days 60 to 63 (the first of them), then days 64 and 65 on time
        assertThat(ticks(daily)).hasSize(33).endsWith(start.plus(60, ChronoUnit.DAYS).plus(2, ChronoUnit.HOURS),
                start.plus(64, ChronoUnit.DAYS).plus(2, ChronoUnit.HOURS),
                start.plus(65, ChronoUnit.DAYS).plus(2, ChronoUnit.HOURS));

        // a stale instance that rewinds the paused job to its last (kept) slot cannot fire it a second time
        rewind(paused, pausedLast);
        firer.fireDue(ownership.partitions());
        assertThat(ticks(paused)).containsExactly(pausedLast);
    }

    private static List<Instant> dailyAfter(List<Instant> firedAt, Instant cutoff) {
        return firedAt.stream().filter(f -> !f.isBefore(cutoff)).map(f -> f.truncatedTo(ChronoUnit.HOURS)).toList();
    }

    private void runUntil(Instant end, String... jobs) {
        while (true) {
            Instant next = Arrays.stream(jobs).map(j -> schedule(j).nextDue).filter(Objects::nonNull)
                    .min(Instant::compareTo).orElse(null);
            if (next == null || next.isAfter(end)) {
                VirtualClock.set(end);
                firer.fireDue(ownership.partitions());
                return;
            }
            VirtualClock.set(next.plusMillis(random.nextInt(1500)));
            firer.fireDue(ownership.partitions());
        }
    }

    private String job(String name, String schedule) {
        String id = UUID.randomUUID().toString();
        JobSpec spec = new JobSpec("vm", List.of("12345"), "ibs-primary", "production", RunMode.INCREMENTAL, schedule,
                "UTC",
                null, "always", null, true, null, null, null, null, JobSpec.MissedRuns.RUN_ONCE, null, null);
        kafka.sendEvent(Topics.JOB_EVENTS, id, EventTypes.JOB_CREATED, UUID.randomUUID().toString(),
                new JobCreated(id, name, "default", spec, VirtualClock.now(), 1L));
        return id;
    }

    private void pause(String id) {
        kafka.sendEvent(Topics.JOB_EVENTS, id, EventTypes.JOB_DISABLED, UUID.randomUUID().toString(),
                new JobDisabled(id, "purge-paused", "default", 2, VirtualClock.now()));
        await().atMost(WAIT).until(() -> !schedule(id).enabled);
    }

    private void awaitScheduled(String... ids) {
        for (String id : ids) {
            await().atMost(WAIT).until(() -> schedule(id) != null && schedule(id).nextDue != null);
        }
    }

    @Transactional
    JobSchedule schedule(String id) {
        return JobSchedule.findById(id);
    }

    /** As the projection does on JobDeleted. */
    @Transactional
    void deleteSchedule(String id) {
        JobSchedule.deleteById(id);
    }

    @Transactional
    void rewind(String id, Instant to) {
        JobSchedule s = JobSchedule.findById(id);
        s.enabled = true;
        s.nextDue = to;
    }

    @Transactional
    List<Instant> ticks(String jobId) {
        return em.createQuery("select t.scheduledFor from Tick t where t.jobId = :id order by t.scheduledFor",
                Instant.class).setParameter("id", jobId).getResultList();
    }

    @Transactional
    List<Instant> firedAt(String jobId) {
        return em.createQuery("select t.firedAt from Tick t where t.jobId = :id order by t.scheduledFor",
                Instant.class).setParameter("id", jobId).getResultList();
    }

    @Transactional
    long catchUps(String jobId) {
        return em.createQuery("select count(t) from Tick t where t.jobId = :id and t.catchUp = true", Long.class)
                .setParameter("id", jobId).getSingleResult();
    }
}
