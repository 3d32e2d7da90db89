package io.ironcore.prune.rest;

import io.ironcore.eventing.rebuild.AdminRebuild;
import io.ironcore.eventing.rebuild.AdminToken;
import io.ironcore.eventing.rebuild.Rebuilds;
import io.ironcore.prune.messaging.RetentionRebuild;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /api/v1/admin/rebuild[?replace=true]}: rebuilds each job's retention and the protected snapshots from
 * the log and compares them with the live ones; with {@code replace=true} the rebuilt rows replace them (libs/eventing
 * {@link Rebuilds}; the token check and the answers are {@link AdminRebuild}'s).
 * Behind the admin token ({@value AdminToken#PROPERTY}); off without one.
 */
@Path("/api/v1/admin")
public class AdminResource {
    @Inject
    AdminRebuild admin;
    @Inject
    RetentionRebuild retention;

    @POST
    @Path("/rebuild")
    @Produces(MediaType.APPLICATION_JSON)
    public Response rebuild(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                            @QueryParam("replace") boolean replace) {
        return admin.answer(authorization, retention::projection, replace);
    }
}
