package io.ironcore.bench;

import io.ironcore.calendar.CalendarEvent;
import io.ironcore.events.EventJson;
import io.ironcore.events.Topics;
import io.ironcore.events.schedule.ScheduleTick;
import io.ironcore.local.IroncoreSystem;
import io.ironcore.local.Service;
import io.ironcore.local.ServiceApp;
import io.ironcore.local.infra.InfraSettings;
import io.ironcore.local.infra.RepoRoot;
import io.ironcore.local.infra.Scratch;
import io.ironcore.local.testing.TopicProbe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The packaged scheduler-service with 100,000 jobs of mixed schedules in its database (written straight into its
 * schedules table, as its projection would), on the real broker and database. For a measuring window, every tick it
 * fires is read back from Kafka: latency = the record's timestamp (when the outbox relay produced it) minus the slot
 * it is for. Also reports the service's resident memory.
 */
public final class SchedulerBench {
    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 120;
        Path data = Scratch.directory("ironcore-bench-", 2L << 30);
        try (IroncoreSystem system = IroncoreSystem.builder(RepoRoot.require(),
                InfraSettings.forTests(data, System.getenv())).freePorts(true).build()) {
            ServiceApp scheduler = system.start(Service.SCHEDULER, Map.of());
            var pg = system.infrastructure().postgres();
            Instant loadStart = Instant.now();
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(Service.SCHEDULER.database()), pg.user(),
                    pg.password())) {
                insert(c, jobs);
            }
            Duration load = Duration.between(loadStart, Instant.now());
            Instant windowStart = Instant.now().plusSeconds(5);
            Thread.sleep(Duration.ofSeconds(seconds + 5).toMillis());
            Instant windowEnd = Instant.now();
            long rss = rssKiB(scheduler.process().pid());
            Thread.sleep(3000);

            List<TopicProbe.Rec> records = new TopicProbe(system.bootstrapServers()).readAll(Topics.TICKS);
            double[] latencies = records.stream()
                    .map(r -> new Object[]{r, EventJson.read(r.value(), ScheduleTick.class)})
                    .filter(o -> {
                        Instant slot = ((ScheduleTick) o[1]).scheduledFor();
                        return !slot.isBefore(windowStart) && slot.isBefore(windowEnd);
                    })
                    .mapToDouble(o -> ((TopicProbe.Rec) o[0]).timestamp()
                            - ((ScheduleTick) o[1]).scheduledFor().toEpochMilli())
                    .toArray();
            Stats st = new Stats(latencies);
            System.out.printf("scheduler: %,d jobs, %d s window%n", jobs, seconds);
            System.out.printf("  jobs written in %.1f s%n", load.toMillis() / 1000.0);
            System.out.printf("  ticks in the window: %d (%.1f per second)%n", st.count(),
                    st.count() / (double) seconds);
            System.out.printf("  tick latency, slot to record on Kafka: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                    st.percentile(50), st.percentile(99), st.max());
            System.out.printf("  scheduler-service resident memory: %.0f MiB%n", rss / 1024.0);
        } finally {
            Scratch.delete(data);
        }
    }

    private static void insert(Connection c, int jobs) throws Exception {
        Random random = new Random(11);
        Instant now = Instant.now();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO job_schedule (job_id, job_name, schedule, "
                + "timezone, enabled, updated_at, version, kind, project, partition, missed_run_policy, next_due) "
                + "VALUES (?, ?, ?, ?, true, now(), 1, 'job', 'bench', ?, 'run-once', ?)")) {
            for (int i = 0; i < jobs; i++) {
                String schedule = Schedules.next(random);
                ZoneId zone = Schedules.ZONES[random.nextInt(Schedules.ZONES.length)];
                ps.setString(1, UUID.randomUUID().toString());
                ps.setString(2, "bench-" + i);
                ps.setString(3, schedule);
                ps.setString(4, zone.getId());
                ps.setInt(5, random.nextInt(Topics.PARTITIONS));
                ps.setTimestamp(6, Timestamp.from(CalendarEvent.parse(schedule).next(now, zone).orElseThrow()));
                ps.addBatch();
                if (i % 5000 == 4999) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
        c.commit();
    }

    private static long rssKiB(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
