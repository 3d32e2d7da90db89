package io.ironcore.worker.health;

import io.ironcore.worker.service.WorkerLoop;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /q/health/ready}: DOWN while this worker's loop cannot run work (not started, its run pool dead, or claiming
 * failing for a whole lease). Such a worker also stops renewing leases, so other workers take its runs over.
 */
@Readiness
@ApplicationScoped
public class WorkerLoopReadiness implements HealthCheck {
    static final String NAME = "backup-worker loop";

    @Inject
    WorkerLoop loop;

    @Override
    public HealthCheckResponse call() {
        String problem = loop.problem();
        if (problem != null) {
            return HealthCheckResponse.named(NAME).down().withData("reason", problem).build();
        }
        return HealthCheckResponse.named(NAME).up().withData("active", loop.active()).build();
    }
}
