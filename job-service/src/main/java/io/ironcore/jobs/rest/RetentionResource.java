package io.ironcore.jobs.rest;

import io.ironcore.calendar.CalendarEvent;
import io.ironcore.calendar.CalendarSyntaxException;
import io.ironcore.retention.Decision;
import io.ironcore.retention.Projection;
import io.ironcore.retention.PruneResult;
import io.ironcore.retention.Retention;
import io.ironcore.retention.RetentionPolicy;
import io.ironcore.retention.RetentionSyntaxException;
import io.ironcore.retention.SnapshotInfo;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The Prune Simulator: which generations a retention policy keeps, and why, for given snapshot times or for the
 * snapshots a schedule would make over a number of days (pruning after each one, as the system does).
 */
@Path("/api/v1/retention/simulate")
@Produces(MediaType.APPLICATION_JSON)
public class RetentionResource {
    static final int MAX_SNAPSHOTS = 100_000;

    @Inject
    Clock clock;

    /** What to simulate: either {@code snapshots}, or {@code schedule} from {@code from} for {@code days}. */
    public record SimulateRequest(@NotBlank @Size(max = 256) String retention,
                                  @Size(max = 64) String timezone,
                                  @Size(max = MAX_SNAPSHOTS) List<@NotNull Instant> snapshots,
                                  @Size(max = 256) String schedule,
                                  Instant from,
                                  @Min(1) @Max(3660) Integer days) {
    }

    /** One snapshot's fate. {@code removedAt} is set in a projection when a later prune removes it. */
    public record Generation(Instant time, boolean keep, String reason, Instant removedAt) {
    }

    /** The answer: every snapshot in input (or creation) order, and how many were kept at most at once. */
    public record SimulateResponse(String retention, String timezone, List<Generation> generations, int kept,
                                   int peak) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public SimulateResponse simulate(@Valid @NotNull SimulateRequest r) {
        RetentionPolicy policy;
        try {
            policy = RetentionPolicy.parse(r.retention());
        } catch (RetentionSyntaxException e) {
            throw ApiException.invalid("retention", e.getMessage());
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(r.timezone() == null ? "UTC" : r.timezone());
        } catch (DateTimeException e) {
            throw ApiException.invalid("timezone", "unknown time zone '" + r.timezone() + "'");
        }
        if ((r.snapshots() == null) == (r.schedule() == null)) {
            throw ApiException.invalid("snapshots", "give either snapshots or a schedule");
        }
        List<Instant> times = r.snapshots() != null ? r.snapshots() : scheduled(r, zone);
        if (r.snapshots() != null) {
            List<SnapshotInfo> infos = new ArrayList<>();
            for (int i = 0; i < times.size(); i++) {
                infos.add(SnapshotInfo.of("s" + i, times.get(i)));
            }
            PruneResult result = Retention.apply(policy, infos, zone);
            List<Generation> out = result.decisions().stream()
                    .map(d -> new Generation(d.time(), d.keep(), d.reason(), null)).toList();
            return new SimulateResponse(policy.format(), zone.getId(), out, result.keptCount(), result.keptCount());
        }
        Projection projection = Retention.project(policy, times, zone);
        List<Instant> survivors = projection.generations().stream().filter(Projection.Generation::survives)
                .map(Projection.Generation::created).toList();
        List<SnapshotInfo> last = new ArrayList<>();
        for (int i = 0; i < survivors.size(); i++) {
            last.add(SnapshotInfo.of("s" + i, survivors.get(i)));
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
