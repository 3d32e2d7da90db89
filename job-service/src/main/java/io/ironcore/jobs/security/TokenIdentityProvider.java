package io.ironcore.jobs.security;

import io.ironcore.jobs.access.Caller;
import io.ironcore.jobs.access.IdentityLookup;
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

/**
 * Resolves a bearer token to its user, with the user's projects and roles. A token is never worth more than its
 * user: the identity carries exactly that user's memberships.
 */
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {
    @Inject
    IdentityLookup lookup;

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext ctx) {
        String token = request.getToken().getToken();
        return ctx.runBlocking(() -> {
            Caller caller = lookup.resolve(token)
                    .orElseThrow(() -> new AuthenticationFailedException("unknown or revoked token"));
            QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(caller.user()))
                    .addAttribute(Caller.ATTRIBUTE, caller)
                    .addRole("user");
            if (caller.systemAdmin()) {
                b.addRole(Caller.SYSTEM_ADMIN_ROLE);
            }
            return b.build();
        });
    }
}
