package io.ironcore.eventing.rebuild;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The answer of every service's {@code POST /api/v1/admin/rebuild[?replace=true]}: the service's resource declares
 * the endpoint and names its projection; this checks the admin token and answers. The answers, which the CLI's
 * {@code admin rebuild} reads (a 401 or 403 is exit code 3, a 409 exit code 4):
 * <ul>
 *   <li>403 when no admin token is configured ({@value AdminToken#PROPERTY}): the endpoints are off;</li>
 *   <li>401 when the request does not give it as {@code Authorization: Bearer};</li>
 *   <li>409 when a {@link Guard} refuses the replace after a compare, unless {@code force=true};</li>
 *   <li>200 with the {@link RebuildResult};</li>
 *   <li>409 when the rebuild conflicted with the live consumer ({@link Rebuilds#conflict}), 500 when it failed
 *       otherwise; either way nothing changed.</li>
 * </ul>
 * Every error is an RFC 9457 problem ({@code application/problem+json}, type {@value #PROBLEM_TYPE}).
 */
@ApplicationScoped
public class AdminRebuild {
    public static final String PROBLEM_TYPE = "https://ironcore.io/problems/admin";
    private static final Logger LOG = Logger.getLogger(AdminRebuild.class);

    @Inject
    Rebuilds rebuilds;
    @ConfigProperty(name = AdminToken.PROPERTY)
    Optional<String> token;

    /** Why a replace must not go ahead: answered as a 409, and nothing changes. */
    public record Refusal(String title, String detail) {
    }

    /** A check of what a compare found, before a replace. */
    @FunctionalInterface
    public interface Guard {
        /** Why the replace must not go ahead, or empty when it may. */
        Optional<Refusal> refuse(RebuildResult compared);
    }

    /**
     * Rebuilds the projection (compares, or replaces with {@code replace}) for a request with this
     * {@code Authorization} header.
     *
     * @param projection a new projection for each rebuild; its {@link Projection#service()} names the service in the
     *                   answer when the endpoints are off
     */
    public Response answer(String authorization, Supplier<Projection> projection, boolean replace) {
        return respond(authorization, projection, replace, null);
    }

    /**
     * As {@link #answer(String, Supplier, boolean)}, but a replace first compares, and changes nothing and answers
     * 409 when the guard refuses what the compare found, unless {@code force}.
     */
    public Response answer(String authorization, Supplier<Projection> projection, boolean replace, boolean force,
                           Guard guard) {
        return respond(authorization, projection, replace, force ? null : guard);
    }

    private Response respond(String authorization, Supplier<Projection> projection, boolean replace, Guard guard) {
        switch (AdminToken.check(token, authorization)) {
            case NOT_CONFIGURED:
                return problem(403, "admin endpoints are off", "set " + AdminToken.PROPERTY
                        + " (IRONCORE_ADMIN_TOKEN) on " + projection.get().service() + " to use them");
            case NOT_AUTHENTICATED:
                return problem(401, "not authenticated", "give the admin token as Authorization: Bearer");
            default:
                break;
        }
        try {
            if (replace && guard != null) {
                Optional<Refusal> refusal = guard.refuse(rebuilds.rebuild(projection.get(), false));
                if (refusal.isPresent()) {
                    return problem(409, refusal.get().title(), refusal.get().detail());
                }
            }
            RebuildResult result = rebuilds.rebuild(projection.get(), replace);
            return Response.ok(result).build();
        } catch (RuntimeException e) {
            if (Rebuilds.conflict(e)) {
                return problem(409, "rebuild conflicted with the live consumer", "nothing changed: the live "
                        + "consumer was writing the same rows; run the rebuild again (" + e.getMessage() + ")");
            }
            LOG.error("rebuild failed", e);
            return problem(500, "rebuild failed", "nothing changed: " + e.getMessage());
        }
    }

    private static Response problem(int status, String title, String detail) {
        return Response.status(status).type("application/problem+json")
                .entity(Map.of("type", PROBLEM_TYPE, "title", title, "status", status, "detail", detail))
                .build();
    }
}
