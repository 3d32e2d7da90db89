package io.ironcore.eventing.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Reports the relay's role; DOWN only while the leader's relay is failing. */
@Readiness
@ApplicationScoped
public class OutboxRelayHealth implements HealthCheck {
    @Inject
    OutboxRelay relay;

    @Override
    public HealthCheckResponse call() {
        OutboxRelay.Role role = relay.role();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("outbox-relay")
                .status(role != OutboxRelay.Role.FAILED)
                .withData("role", role.name().toLowerCase());
        relay.lastError().ifPresent(e -> b.withData("lastError", e));
        return b.build();
    }
}
