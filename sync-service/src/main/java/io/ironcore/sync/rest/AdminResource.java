package io.ironcore.sync.rest;

import io.ironcore.eventing.rebuild.AdminToken;
import io.ironcore.eventing.rebuild.RebuildResult;
import io.ironcore.eventing.rebuild.Rebuilds;
import io.ironcore.sync.messaging.SyncJobRebuild;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/v1/admin/rebuild[?replace=true]}: rebuilds the sync jobs from the log and compares
 * them with the live ones; with {@code replace=true} the rebuilt rows replace them (libs/eventing {@link Rebuilds}).
 * Behind the admin token ({@value AdminToken#PROPERTY}); off without one.
 */
@Path("/api/v1/admin")
public class AdminResource {
    private static final Logger LOG = Logger.getLogger(AdminResource.class);

    @Inject
    Rebuilds rebuilds;
    @Inject
    SyncJobRebuild syncJobs;
    @ConfigProperty(name = AdminToken.PROPERTY)
    Optional<String> token;

    @POST
    @Path("/rebuild")
    @Produces(MediaType.APPLICATION_JSON)
    public Response rebuild(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                            @QueryParam("replace") boolean replace) {
        switch (AdminToken.check(token, authorization)) {
            case NOT_CONFIGURED:
                return problem(403, "admin endpoints are off", "set " + AdminToken.PROPERTY
                        + " (IRONCORE_ADMIN_TOKEN) on sync-service to use them");
            case NOT_AUTHENTICATED:
                return problem(401, "not authenticated", "give the admin token as Authorization: Bearer");
            default:
                break;
        }
        try {
            RebuildResult result = rebuilds.rebuild(syncJobs.projection(), replace);
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
                .entity(Map.of("type", "https://ironcore.io/problems/admin", "title", title, "status", status,
                        "detail", detail))
                .build();
    }
}
