package io.ironcore.jobs.access;

import io.ironcore.jobs.config.AuthConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Resolves a bearer token to its caller. The bootstrap token of the configuration is the system administrator. */
@ApplicationScoped
public class IdentityLookup {
    public static final String BOOTSTRAP_ADMIN = "admin";
    private static final Logger LOG = Logger.getLogger(IdentityLookup.class);

    @Inject
    AuthConfig config;
    @Inject
    Clock clock;

    @Transactional
    void bootstrap(@Observes StartupEvent event) {
        if (config.bootstrapToken().filter(t -> !t.isBlank()).isEmpty()) {
            LOG.warn("no bootstrap token (ironcore.auth.bootstrap-token): only users with API tokens can call the API");
        }
        if (AppUser.findById(BOOTSTRAP_ADMIN) == null) {
            AppUser admin = new AppUser();
            admin.name = BOOTSTRAP_ADMIN;
            admin.systemAdmin = true;
            admin.createdAt = clock.instant();
            admin.persist();
        }
    }

    @Transactional
    public Optional<Caller> resolve(String token) {
        if (isBootstrap(token)) {
            return Optional.of(caller(BOOTSTRAP_ADMIN, true));
        }
        ApiToken t = ApiToken.findActive(token);
        if (t == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (t.lastUsedAt == null || Duration.between(t.lastUsedAt, now).toMinutes() >= 1) {
            t.lastUsedAt = now;
        }
        AppUser user = AppUser.findById(t.userName);
        return Optional.of(caller(user.name, user.systemAdmin));
    }

    private static Caller caller(String user, boolean systemAdmin) {
        Map<String, String> projects = new HashMap<>();
        for (ProjectMember m : ProjectMember.of(user)) {
            projects.put(m.project, m.role.value());
        }
        return new Caller(user, systemAdmin, Map.copyOf(projects));
    }

    private boolean isBootstrap(String token) {
        return config.bootstrapToken().filter(t -> !t.isBlank())
                .map(t -> MessageDigest.isEqual(t.getBytes(StandardCharsets.UTF_8),
                        token.getBytes(StandardCharsets.UTF_8)))
                .orElse(false);
    }
}
