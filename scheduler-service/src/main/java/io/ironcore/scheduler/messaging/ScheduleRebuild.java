package io.ironcore.scheduler.messaging;

import io.ironcore.eventing.rebuild.Projection;
import io.ironcore.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * The schedules as a projection of {@link Topics#JOB_EVENTS}, for {@code ironcore-backup admin rebuild}: {@code
 * job_schedule} folded by {@link ScheduleProjection} (the live consumer's own code, with each event's partition).
 * The firing state is the scheduler's own ({@code next_due}, {@code last_slot}: the tick firer moves them, and a
 * replay would compute them from now): a rebuilt row keeps the live row's, so no slot fires twice or is skipped, and
 * they are not compared. The ticks fired are history and are not touched.
 */
@ApplicationScoped
public class ScheduleRebuild {
    @Inject
    ScheduleProjection live;
    @ConfigProperty(name = "mp.messaging.incoming.job-events.group.id")
    String consumer;

    public Projection projection() {
        return new Projection("scheduler-service", List.of(Topics.JOB_EVENTS), consumer,
                List.of(new Projection.Table("job_schedule", "job_id", List.of("next_due", "last_slot"))),
                live::handle);
    }
}
