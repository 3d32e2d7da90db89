package io.ironcore.notifications.messaging;

import io.ironcore.eventing.rebuild.Projection;
import io.ironcore.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * The notification settings as a projection of {@link Topics#JOB_EVENTS}: the {@code job_settings} table, folded by
 * {@link JobSettingsHandler} (the live consumer's own code), for {@code ironcore-backup admin rebuild}. The
 * deliveries and their totals (the metrics) are history, not this projection, and are not touched.
 */
@ApplicationScoped
public class JobSettingsRebuild {
    @Inject
    JobSettingsHandler handler;
    @ConfigProperty(name = "mp.messaging.incoming.job-events.group.id")
    String consumer;

    public Projection projection() {
        return new Projection("notification-service", List.of(Topics.JOB_EVENTS), consumer,
                List.of(new Projection.Table("job_settings", "job_id")), (event, partition) -> handler.handle(event));
    }
}
