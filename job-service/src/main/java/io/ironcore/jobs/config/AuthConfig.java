package io.ironcore.jobs.config;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/** Authentication, prefix {@code ironcore.auth}. */
@ConfigMapping(prefix = "ironcore.auth")
public interface AuthConfig {
    /**
     * The bootstrap administrator token of a fresh install (a bearer token). Give it through the environment
     * ({@code IRONCORE_AUTH_BOOTSTRAP_TOKEN}), never in a file of the repository. Without it the API admits nobody.
     */
    Optional<String> bootstrapToken();
}
