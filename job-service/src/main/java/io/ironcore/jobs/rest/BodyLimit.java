package io.ironcore.jobs.rest;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a request body larger than {@code ironcore.api.max-body-size} (default 1M) before it is read, with a
 * 413 problem detail. (A chunked body without Content-Length hits Vert.x's own limit,
 * {@code quarkus.http.limits.max-body-size}, a little higher.)
 */
@ApplicationScoped
public class BodyLimit {
    @ConfigProperty(name = "ironcore.api.max-body-size", defaultValue = "1M")
    MemorySize max;

    void install(@Observes Router router) {
        long limit = max.asLongValue();
        router.route("/api/*").order(-100).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            long size;
            try {
                size = length == null ? 0 : Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                size = Long.MAX_VALUE;
            }
            if (size > limit) {
                ctx.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("Connection", "close")
                        .end("{\"type\":\"" + Problem.TYPE_BASE + "payload-too-large\",\"title\":\"Payload Too Large\","
                                + "\"status\":413,\"detail\":\"the request body is " + size + " bytes; at most " + limit
                                + " are accepted\",\"instance\":\"" + ctx.request().path().replace("\"", "")
                                + "\",\"errors\":[{\"field\":\"body\",\"message\":\"larger than " + limit
                                + " bytes\"}]}");
                return;
            }
            ctx.next();
        });
    }
}
