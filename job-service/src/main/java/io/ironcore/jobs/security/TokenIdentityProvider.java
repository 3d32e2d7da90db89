package io.ironcore.jobs.security;

import io.ironcore.jobs.config.AuthConfig;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Resolves a bearer token to its user. The bootstrap token is the administrator of a fresh install. */
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {
    public static final String ADMIN = "admin";

    @Inject
    AuthConfig config;

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext ctx) {
        String presented = request.getToken().getToken();
        boolean bootstrap = config.bootstrapToken()
                .filter(t -> !t.isBlank())
                .map(t -> MessageDigest.isEqual(t.getBytes(StandardCharsets.UTF_8),
                        presented.getBytes(StandardCharsets.UTF_8)))
                .orElse(false);
        if (!bootstrap) {
            return Uni.createFrom().failure(new AuthenticationFailedException("unknown token"));
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(ADMIN))
                .addRole(ADMIN)
                .build());
    }
}
