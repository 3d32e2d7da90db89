package io.ironcore.e2e;

import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.job.JobCreated;
import io.ironcore.events.job.JobDeleted;
import io.ironcore.events.job.JobSpec;
import io.ironcore.events.run.RunMode;
import io.ironcore.events.schedule.ScheduleTick;
import io.ironcore.local.Service;
import io.ironcore.local.ServiceApp;
import io.ironcore.local.testing.TopicProbe;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two scheduler instances split the jobs by Kafka partition and fire each tick exactly once; when one is killed, the
 * other takes its jobs over within a minute and no slot is lost.
 */
class SchedulerFailoverIT {
    private static final int JOBS = 8;

    @Test
    void twoInstancesFireEachTickOnceAndTheSurvivorLosesNoSlot() throws Exception {
        SharedSystem s = SharedSystem.get();
        TopicProbe kafka = s.kafka;
        ServiceApp second = s.system.startInstance(Service.SCHEDULER, "b", Map.of());
        List<String> jobs = new ArrayList<>();
        // jobs known only to the scheduler (sent as events), so the test measures the scheduler alone
        for (int i = 0; i < JOBS; i++) {
            String id = UUID.randomUUID().toString();
            JobSpec spec = new JobSpec("vm", List.of("12345"), "ibs-primary", "production", RunMode.INCREMENTAL,
                    "*-*-* *:*:00/5", "UTC", null, "never", null, true);
            kafka.sendEvent(Topics.JOB_EVENTS, id, EventTypes.JOB_CREATED, UUID.randomUUID().toString(),
                    new JobCreated(id, "ha-" + i, "ha", spec, Instant.now(), 1L));
            jobs.add(id);
        }
        try {
            Thread.sleep(25_000);
            Instant killedAt = Instant.now();
            s.system.kill(Service.SCHEDULER);
            Thread.sleep(45_000);
            Instant end = Instant.now();

            Map<String, List<Instant>> slots = new HashMap<>();
            Set<String> tickIds = new HashSet<>();
            for (TopicProbe.Rec r : kafka.readAll(Topics.TICKS)) {
                if (!jobs.contains(r.key())) {
                    continue;
                }
                ScheduleTick t = EventJson.read(r.value(), ScheduleTick.class);
                assertThat(tickIds.add(t.tickId())).as("duplicate tick " + t.tickId()).isTrue();
                slots.computeIfAbsent(t.jobId(), k -> new ArrayList<>()).add(t.scheduledFor());
            }
            assertThat(slots).hasSize(JOBS);
            for (String job : jobs) {
                List<Instant> mine = slots.get(job).stream().sorted().toList();
                for (int i = 1; i < mine.size(); i++) {
                    assertThat(Duration.between(mine.get(i - 1), mine.get(i))).as("gap in " + job + " at "
                            + mine.get(i)).isEqualTo(Duration.ofSeconds(5));
                }
                // every job kept ticking after the kill, up to at most 15 s before the end (takeover and relay)
                assertThat(mine.get(mine.size() - 1)).as(job).isAfter(end.minusSeconds(15));
                assertThat(mine.get(0)).isBefore(killedAt);
            }
        } finally {
            for (String id : jobs) {
                kafka.sendEvent(Topics.JOB_EVENTS, id, EventTypes.JOB_DELETED, UUID.randomUUID().toString(),
                        new JobDeleted(id, "ha", "ha", Instant.now()));
            }
            s.system.start(Service.SCHEDULER, Map.of());
            second.close();
        }
    }
}
