package io.ironcore.jobs.rest;

import io.ironcore.eventing.rebuild.AdminRebuild;
import io.ironcore.eventing.rebuild.AdminToken;
import io.ironcore.eventing.rebuild.RebuildResult;
import io.ironcore.eventing.rebuild.Rebuilds;
import io.ironcore.jobs.messaging.RunHistoryRebuild;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Optional;

/**
 * {@code POST /api/v1/admin/rebuild[?replace=true]}: rebuilds the run history from the log and compares it with the
 * live one; with {@code replace=true} the rebuilt rows replace it (libs/eventing {@link Rebuilds},
 * {@link RunHistoryRebuild}; the token check and the answers are {@link AdminRebuild}'s, as on every service).
 * Behind the services' admin token ({@value AdminToken#PROPERTY}); off without one. Not behind the users' API tokens
 * ({@code @PermitAll} lifts the default of every endpoint needing a user): the admin token is no user's, and a
 * user's token, a system administrator's too, is not the admin token, so it gets a 401 here.
 * <p>
 * A replace deletes every run the log does not explain. The log forgets (the run topics' retention) while the run
 * history may keep a run longer (a job's last run, a run whose snapshots still exist), and a run RunService has just
 * committed may not be on the log yet (the outbox relay publishes after the commit). So a replace first compares, and
 * when some live run has no rebuilt row it changes nothing and answers 409 naming them, unless {@code force=true}.
 */
@Path("/api/v1/admin")
public class AdminResource {
    @Inject
    AdminRebuild admin;
    @Inject
    RunHistoryRebuild history;

    @POST
    @Path("/rebuild")
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    public Response rebuild(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                            @QueryParam("replace") boolean replace, @QueryParam("force") boolean force) {
        return admin.answer(authorization, history::projection, replace, force, AdminResource::unexplained);
    }

    /** The refusal of a replace that would delete runs the log does not explain. */
    private static Optional<AdminRebuild.Refusal> unexplained(RebuildResult compared) {
        List<String> unexplained = RunHistoryRebuild.unexplainedRuns(compared);
        if (unexplained.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AdminRebuild.Refusal("the log does not hold every run", "nothing changed: a replace "
                + "would delete runs the log does not explain (" + String.join(", ", unexplained) + "): runs older "
                + "than the run topics' retention, runs written without an event, or runs requested so recently that "
                + "their RunRequested was not on the log yet (run the rebuild again); force=true (--force) replaces "
                + "anyway"));
    }
}
