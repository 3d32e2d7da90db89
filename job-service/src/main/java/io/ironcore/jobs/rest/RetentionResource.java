package io.ironcore.jobs.rest;

import io.ironcore.calendar.CalendarEvent;
import io.ironcore.calendar.CalendarSyntaxException;
import io.ironcore.datastore.SnapshotRef;
import io.ironcore.jobs.Job;
import io.ironcore.jobs.Snapshot;
import io.ironcore.jobs.access.Caller;
import io.ironcore.jobs.service.Projects;
import io.ironcore.jobs.service.SnapshotService;
import io.quarkus.security.identity.SecurityIdentity;
import io.ironcore.retention.Decision;
import io.ironcore.retention.Projection;
import io.ironcore.retention.PruneResult;
import io.ironcore.retention.Retention;
import io.ironcore.retention.RetentionPolicy;
import io.ironcore.retention.RetentionSyntaxException;
import io.ironcore.retention.RetentionCandidate;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Prune Simulator: which generations a retention policy keeps, and why, for given snapshot times, for the
 * snapshots a schedule would make over a number of days (pruning after each one, as the system does), or for the
 * snapshots a job has now. A job's snapshots are decided per backup group of each datastore ({@code vm/12345},
 * {@code vm/12346}, ...), as prune-service's pass does (libs/datastore RetentionPass), never as one merged series.
 */
@Path("/api/v1/retention/simulate")
@Produces(MediaType.APPLICATION_JSON)
public class RetentionResource {
    static final int MAX_SNAPSHOTS = 100_000;

    @Inject
    Clock clock;
    @Inject
    SecurityIdentity identity;
    @Inject
    SnapshotService snapshotCatalog;

    /**
     * What to simulate: {@code snapshots}, or {@code schedule} from {@code from} for {@code days}, or the snapshots of
     * {@code job} (in {@code ?project=}; its own retention and time zone unless these are given).
     */
    public record SimulateRequest(@Size(max = 256) String retention,
                                  @Size(max = 64) String timezone,
                                  @Size(max = MAX_SNAPSHOTS) List<@NotNull Instant> snapshots,
                                  @Size(max = 256) String schedule,
                                  Instant from,
                                  @Min(1) @Max(3660) Integer days,
                                  @Size(max = 256) String job) {
    }

    /**
     * One snapshot's fate. {@code removedAt} is set in a projection when a later prune removes it; {@code group} and
     * {@code snapshotId} are set for a job's snapshots (the backup group whose series decided it).
     */
    public record Generation(Instant time, boolean keep, String reason, Instant removedAt, String group,
                             String snapshotId) {
        Generation(Instant time, boolean keep, String reason, Instant removedAt) {
            this(time, keep, reason, removedAt, null, null);
        }
    }

    /** The answer: every snapshot in input (or creation) order, and how many were kept at most at once. */
    public record SimulateResponse(String retention, String timezone, List<Generation> generations, int kept,
                                   int peak) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public SimulateResponse simulate(@QueryParam("project") String project, @Valid @NotNull SimulateRequest r) {
        int modes = (r.snapshots() != null ? 1 : 0) + (r.schedule() != null ? 1 : 0) + (r.job() != null ? 1 : 0);
        if (modes != 1) {
            throw ApiException.invalid("snapshots", "give one of snapshots, schedule or job");
        }
        Job job = r.job() == null ? null : Job.findByName(Projects.resolve(Caller.of(identity), project), r.job())
                .orElseThrow(() -> ApiException.notFound("job " + r.job()));
        RetentionPolicy policy = r.retention() != null || job == null ? policy(r.retention(), null)
                : policy(job.retention, job);
        String zoneName = r.timezone() != null ? r.timezone()
                : job != null && job.timezone != null && !job.timezone.isBlank() ? job.timezone : "UTC";
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneName);
        } catch (DateTimeException e) {
            throw ApiException.invalid("timezone", "unknown time zone '" + zoneName + "'");
        }
        if (job != null) {
            return ofJob(job, policy, zone);
        }
        List<Instant> times = r.snapshots() != null ? r.snapshots() : scheduled(r, zone);
        if (r.snapshots() != null) {
            List<RetentionCandidate> infos = new ArrayList<>();
            for (int i = 0; i < times.size(); i++) {
                infos.add(RetentionCandidate.of("s" + i, times.get(i)));
            }
            PruneResult result = Retention.apply(policy, infos, zone);
            List<Generation> out = result.decisions().stream()
                    .map(d -> new Generation(d.time(), d.keep(), d.reason(), null)).toList();
            return new SimulateResponse(policy.format(), zone.getId(), out, result.keptCount(), result.keptCount());
        }
        Projection projection = Retention.project(policy, times, zone);
        List<Instant> survivors = projection.generations().stream().filter(Projection.Generation::survives)
                .map(Projection.Generation::created).toList();
        List<RetentionCandidate> last = new ArrayList<>();
        for (int i = 0; i < survivors.size(); i++) {
            last.add(RetentionCandidate.of("s" + i, survivors.get(i)));
        }
        PruneResult reasons = Retention.apply(policy, last, zone);
        List<Generation> out = new ArrayList<>();
        for (Projection.Generation g : projection.generations()) {
            String reason = g.survives() ? reasons.decisions().get(survivors.indexOf(g.created())).reason()
                    : "removed by the prune after " + g.removed();
            out.add(new Generation(g.created(), g.survives(), reason, g.removed()));
        }
        return new SimulateResponse(policy.format(), zone.getId(), out, survivors.size(), projection.peakKept());
    }

    /** The windows given, or (when {@code ofJob} is set) those of that job. */
    private static RetentionPolicy policy(String windows, Job ofJob) {
        if (windows == null || windows.isBlank()) {
            throw ApiException.invalid("retention", ofJob != null ? "job " + ofJob.name + " has no retention; give "
                    + "one" : "must not be blank");
        }
        try {
            return RetentionPolicy.parse(windows);
        } catch (RetentionSyntaxException e) {
            throw ApiException.invalid("retention", e.getMessage());
        }
    }

    /**
     * The job's snapshots that still exist, decided per series as a prune pass decides them: one series per
     * datastore and backup group (the snapshot id without its time), newest first within each, groups in name order.
     */
    private SimulateResponse ofJob(Job job, RetentionPolicy policy, ZoneId zone) {
        Map<String, List<RetentionCandidate>> series = new TreeMap<>();
        Map<String, String> groupOf = new TreeMap<>();
        for (Snapshot s : snapshotCatalog.of(job)) {
            String group;
            Instant time;
            try {
                SnapshotRef ref = SnapshotRef.parse(s.snapshotId);
                group = ref.group().toString();
                time = ref.time();
            } catch (IllegalArgumentException e) {
                int slash = s.snapshotId.lastIndexOf('/');
                group = slash > 0 ? s.snapshotId.substring(0, slash) : s.snapshotId;
                time = s.createdAt;
            }
            String key = s.datastore + "\n" + group;
            groupOf.put(key, group);
            series.computeIfAbsent(key, k -> new ArrayList<>()).add(RetentionCandidate.of(s.snapshotId, time)
                    .withProtected(s.isProtected));
        }
        List<Generation> out = new ArrayList<>();
        int kept = 0;
        for (Map.Entry<String, List<RetentionCandidate>> e : series.entrySet()) {
            PruneResult result = Retention.apply(policy, e.getValue(), zone);
            kept += result.keptCount();
            for (Decision d : result.decisions()) {
                out.add(new Generation(d.time(), d.keep(), d.reason(), null, groupOf.get(e.getKey()), d.id()));
            }
        }
        return new SimulateResponse(policy.format(), zone.getId(), out, kept, kept);
    }

    private List<Instant> scheduled(SimulateRequest r, ZoneId zone) {
        CalendarEvent event;
        try {
            event = CalendarEvent.parse(r.schedule());
        } catch (CalendarSyntaxException e) {
            throw ApiException.invalid("schedule", e.getMessage());
        }
        Instant from = r.from() == null ? clock.instant().truncatedTo(ChronoUnit.SECONDS) : r.from();
        Instant until = from.plus(r.days() == null ? 90 : r.days(), ChronoUnit.DAYS);
        List<Instant> times = new ArrayList<>();
        for (Instant t = from; times.size() <= MAX_SNAPSHOTS; ) {
            Instant next = event.next(t, zone).orElse(null);
            if (next == null || next.isAfter(until)) {
                break;
            }
            times.add(next);
            t = next;
        }
        if (times.size() > MAX_SNAPSHOTS) {
            throw ApiException.invalid("days", "the schedule makes more than " + MAX_SNAPSHOTS
                    + " snapshots in that time; simulate fewer days");
        }
        return times;
    }
}
