package io.ironcore.scheduler;

import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.job.JobCreated;
import io.ironcore.events.job.JobDisabled;
import io.ironcore.events.job.JobEnabled;
import io.ironcore.events.job.JobSpec;
import io.ironcore.events.run.DatastoreRef;
import io.ironcore.events.run.RunMode;
import io.ironcore.events.schedule.ScheduleTick;
import io.ironcore.events.sync.SyncJobCreated;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The scheduler on a virtual clock: the product page's pattern over 60 days, DST days, missed runs after downtime,
 * pause and resume, and no slot fired twice. The clock is moved slot by slot (with a random delay, as the real
 * loop has) and the firer is called as the loop would call it.
 */
@QuarkusTest
@TestProfile(ManualLoop.class)
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_scheduler"))
class TickFiringTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final Random random = new Random(42);

    @Inject
    TickFirer firer;
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
    void theProductPagesPatternFiresExactlyAsOftenAsTheCalendarSaysOver60Days() {
        Instant start = Instant.parse("2026-01-05T00:00:00Z");
        VirtualClock.set(start);
        String daily = job("daily-prod-incr", "02:00", "UTC", JobSpec.MissedRuns.RUN_ONCE);
        String weekly = job("weekly-prod-full", "Sun 03:00", "UTC", JobSpec.MissedRuns.RUN_ONCE);
        String sync = syncJob("weekly-archive", "Sun 04:30");
        awaitScheduled(daily, weekly, sync);

        runUntil(start.plus(60, ChronoUnit.DAYS));

        assertThat(ticks(daily)).hasSize(60);
        assertThat(ticks(weekly)).hasSize(8);   // Sundays from Jan 11 to Mar 1
        assertThat(ticks(sync)).hasSize(8);
        assertThat(ticks(daily)).allMatch(t -> t.toString().endsWith("T02:00:00Z"));
        assertThat(ticks(sync)).allMatch(t -> t.toString().endsWith("T04:30:00Z"));
        // and every tick reaches the topic once, with its deterministic id
        await().atMost(WAIT).until(() -> topicTicks(daily).size() == 60);
        Set<String> ids = topicTicks(daily).stream().map(ScheduleTick::tickId).collect(Collectors.toSet());
        assertThat(ids).hasSize(60).contains(daily + "@2026-01-05T02:00:00Z");
        ScheduleTick syncTick = topicTicks(sync).get(0);
        assertThat(syncTick.kind()).isEqualTo(ScheduleTick.Kind.SYNC);
    }

    @Test
    void dstGapsAreSkippedAndRepeatedHoursFireOnce() {
        VirtualClock.set(Instant.parse("2026-03-27T00:00:00Z"));
        String berlin = job("berlin-0230", "*-*-* 02:30", "Europe/Berlin", JobSpec.MissedRuns.RUN_ONCE);
        String newYork = job("ny-0130", "*-*-* 01:30", "America/New_York", JobSpec.MissedRuns.RUN_ONCE);
        awaitScheduled(berlin, newYork);
        runUntil(Instant.parse("2026-03-31T00:00:00Z"));
        assertThat(ticks(berlin)).containsExactly(Instant.parse("2026-03-27T01:30:00Z"),
                Instant.parse("2026-03-28T01:30:00Z"), Instant.parse("2026-03-30T00:30:00Z"));

        VirtualClock.set(Instant.parse("2026-10-31T00:00:00Z"));
        reschedule(newYork);
        runUntil(Instant.parse("2026-11-03T00:00:00Z"));
        assertThat(ticks(newYork).stream().filter(t -> t.isAfter(Instant.parse("2026-10-31T00:00:00Z"))))
                .containsExactly(Instant.parse("2026-10-31T05:30:00Z"), Instant.parse("2026-11-01T05:30:00Z"),
                        Instant.parse("2026-11-02T06:30:00Z"));
    }

    @Test
    void afterDowntimeAJobRunsOnceOrNotAtAllButNeverOncePerMissedSlot() {
        Instant start = Instant.parse("2026-02-02T00:00:00Z");
        VirtualClock.set(start);
        String once = job("hourly-once", "hourly", "UTC", JobSpec.MissedRuns.RUN_ONCE);
        String skip = job("hourly-skip", "hourly", "UTC", JobSpec.MissedRuns.SKIP);
        awaitScheduled(once, skip);
        runUntil(start.plus(3, ChronoUnit.HOURS));
        assertThat(ticks(once)).hasSize(3);
        assertThat(ticks(skip)).hasSize(3);

        // the scheduler is down for five hours and ten minutes, then checks again
        Instant back = start.plus(8, ChronoUnit.HOURS).plus(10, ChronoUnit.MINUTES);
        VirtualClock.set(back);
        firer.fireDue(ownership.partitions());
        assertThat(ticks(once)).hasSize(4).last().isEqualTo(start.plus(4, ChronoUnit.HOURS));
        assertThat(catchUps(once)).isEqualTo(1);
        assertThat(ticks(skip)).hasSize(3);
        // and both go on from the next slot
        runUntil(start.plus(10, ChronoUnit.HOURS));
        assertThat(ticks(once)).hasSize(6);
        assertThat(ticks(skip)).hasSize(5);

        // a short stop (within the catch-up window) loses nothing: each slot fires, late
        VirtualClock.set(start.plus(11, ChronoUnit.HOURS).plusSeconds(40));
        firer.fireDue(ownership.partitions());
        assertThat(ticks(skip)).hasSize(6);
        assertThat(catchUps(skip)).isZero();
    }

    @Test
    void aPausedJobNeverTicksAndResumingDoesNotFireThePausedSlots() {
        Instant start = Instant.parse("2026-04-06T00:00:00Z");
        VirtualClock.set(start);
        String id = job("pausable", "02:00", "UTC", JobSpec.MissedRuns.RUN_ONCE);
        awaitScheduled(id);
        runUntil(start.plus(2, ChronoUnit.DAYS));
        assertThat(ticks(id)).hasSize(2);

        kafka.sendEvent(Topics.JOB_EVENTS, id, EventTypes.JOB_DISABLED, UUID.randomUUID().toString(),
                new JobDisabled(id, "pausable", "default", 2, VirtualClock.now()));
        await().atMost(WAIT).until(() -> !schedule(id).enabled);
        VirtualClock.set(start.plus(5, ChronoUnit.DAYS).plus(12, ChronoUnit.HOURS));
        firer.fireDue(ownership.partitions());
        assertThat(ticks(id)).hasSize(2);

        kafka.sendEvent(Topics.JOB_EVENTS, id, EventTypes.JOB_ENABLED, UUID.randomUUID().toString(),
                new JobEnabled(id, "pausable", "default", 3, VirtualClock.now()));
        await().atMost(WAIT).until(() -> schedule(id).enabled);
        firer.fireDue(ownership.partitions());
        assertThat(ticks(id)).hasSize(2);
        assertThat(schedule(id).nextDue).isEqualTo(Instant.parse("2026-04-12T02:00:00Z"));
        runUntil(start.plus(8, ChronoUnit.DAYS));
        assertThat(ticks(id)).hasSize(4);
    }

    @Test
    void aSlotIsNeverFiredTwiceEvenWhenTheScheduleIsRewound() {
        Instant start = Instant.parse("2026-05-04T00:00:00Z");
        VirtualClock.set(start);
        String id = job("once-only", "*-*-* *:00/15", "UTC", JobSpec.MissedRuns.RUN_ONCE);
        awaitScheduled(id);
        runUntil(start.plus(1, ChronoUnit.HOURS));
        assertThat(ticks(id)).hasSize(4);
        rewind(id, start.plus(15, ChronoUnit.MINUTES));   // as a second instance with stale state would see it
        firer.fireDue(ownership.partitions());
        firer.fireDue(ownership.partitions());
        assertThat(ticks(id)).hasSize(4);
    }

    private void runUntil(Instant end) {
        while (true) {
            Instant next = nextDue();
            if (next == null || next.isAfter(end)) {
                VirtualClock.set(end);
                firer.fireDue(ownership.partitions());
                return;
            }
            VirtualClock.set(next.plusMillis(random.nextInt(1500)));
            firer.fireDue(ownership.partitions());
        }
    }

    private String job(String name, String schedule, String zone, JobSpec.MissedRuns missedPolicy) {
        String id = UUID.randomUUID().toString();
        JobSpec spec = new JobSpec("vm", List.of("12345"), "ibs-primary", "production", RunMode.INCREMENTAL, schedule,
                zone,
                null, "always", null, true, null, null, null, null, missedPolicy, null, null);
        kafka.sendEvent(Topics.JOB_EVENTS, id, EventTypes.JOB_CREATED, UUID.randomUUID().toString(),
                new JobCreated(id, name, "default", spec, VirtualClock.now(), 1L));
        return id;
    }

    private String syncJob(String name, String schedule) {
        String id = UUID.randomUUID().toString();
        kafka.sendEvent(Topics.JOB_EVENTS, id, EventTypes.SYNC_JOB_CREATED, UUID.randomUUID().toString(),
                new SyncJobCreated(id, name, "default", new DatastoreRef("ibs-primary", "/p"), "production",
                        new DatastoreRef("ibs-backup", "/b"), "production", schedule, "UTC", "keep-weekly=52", true,
                        VirtualClock.now()));
        return id;
    }

    private void awaitScheduled(String... ids) {
        for (String id : ids) {
            await().atMost(WAIT).until(() -> schedule(id) != null && schedule(id).nextDue != null);
        }
    }

    private List<ScheduleTick> topicTicks(String jobId) {
        return kafka.readAll(Topics.TICKS).stream().filter(r -> jobId.equals(r.key()))
                .map(r -> EventJson.read(r.value(), ScheduleTick.class)).toList();
    }

    @Transactional
    JobSchedule schedule(String id) {
        return JobSchedule.findById(id);
    }

    @Transactional
    Instant nextDue() {
        return em.createQuery("select min(s.nextDue) from JobSchedule s where s.enabled = true", Instant.class)
                .getSingleResult();
    }

    @Transactional
    List<Instant> ticks(String jobId) {
        return em.createQuery("select t.scheduledFor from Tick t where t.jobId = :id order by t.scheduledFor",
                Instant.class).setParameter("id", jobId).getResultList();
    }

    @Transactional
    long catchUps(String jobId) {
        return em.createQuery("select count(t) from Tick t where t.jobId = :id and t.catchUp = true", Long.class)
                .setParameter("id", jobId).getSingleResult();
    }

    @Transactional
    void reschedule(String id) {
        JobSchedule s = JobSchedule.findById(id);
        s.nextDue = io.ironcore.scheduler.service.Slots.after(s, VirtualClock.now()).orElse(null);
    }

    @Transactional
    void rewind(String id, Instant to) {
        JobSchedule s = JobSchedule.findById(id);
        s.nextDue = to;
    }
}
