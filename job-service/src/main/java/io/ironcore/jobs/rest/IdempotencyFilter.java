package io.ironcore.jobs.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ironcore.jobs.service.IdempotencyKeys;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;

/**
 * {@code Idempotency-Key} on the creating POSTs ({@link Idempotent}). Keys belong to their caller. Before the
 * request runs its key is claimed in the database with a hash of the method, path, query and body (the body with its
 * keys sorted, so that the order of fields does not matter):
 * <ul>
 * <li>a new key: the request runs; a 2xx answer is stored for replay, any other answer frees the key again;</li>
 * <li>the same request again: the first answer (status, body, Location, ETag), with {@code Idempotent-Replayed:
 * true}, and nothing runs;</li>
 * <li>another request under the key: 422, and nothing runs;</li>
 * <li>the first request still running: 409, try again.</li>
 * </ul>
 */
@Provider
@Idempotent
@Priority(Priorities.USER)
public class IdempotencyFilter implements ContainerRequestFilter, ContainerResponseFilter {
    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    private static final Logger LOG = Logger.getLogger(IdempotencyFilter.class);
    private static final String CLAIM = IdempotencyFilter.class.getName() + ".claim";
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    @Inject
    IdempotencyKeys keys;
    @Inject
    SecurityIdentity identity;
    @Inject
    ObjectMapper json;

    private record Held(String caller, String key) {
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        List<String> given = request.getHeaders().get(HEADER);
        if (given == null || given.isEmpty()) {
            return;
        }
        String key = given.get(0);
        String bad = given.size() > 1 ? "must be given once" : key == null || key.isEmpty() ? "must not be empty"
                : key.length() > 255 ? "must be at most 255 characters"
                : !key.matches("[\\x21-\\x7e]+") ? "must be printable ASCII without spaces" : null;
        if (bad != null) {
            request.abortWith(ProblemMappers.respond(new Problem(Problem.TYPE_BASE + "validation", "Invalid request",
                    400, HEADER + ": " + bad, path(request), List.of(new Problem.FieldError(HEADER, bad)))));
            return;
        }
        if (identity.isAnonymous()) {
            return; // the security check answers 401
        }
        byte[] body = request.hasEntity() ? request.getEntityStream().readAllBytes() : new byte[0];
        request.setEntityStream(new ByteArrayInputStream(body));
        String caller = identity.getPrincipal().getName();
        IdempotencyKeys.Claim claim = keys.claim(caller, key, hash(request, body), request.getMethod(),
                request.getUriInfo().getPath());
        if (claim instanceof IdempotencyKeys.Claimed) {
            request.setProperty(CLAIM, new Held(caller, key));
        } else if (claim instanceof IdempotencyKeys.Replay r) {
            request.abortWith(replay(r.answer()));
        } else if (claim instanceof IdempotencyKeys.Mismatch) {
            request.abortWith(ProblemMappers.respond(new Problem(Problem.TYPE_BASE + "idempotency-key-reused",
                    "Unprocessable Content", 422, "Idempotency-Key reused with a different request", path(request),
                    List.of(new Problem.FieldError(HEADER, "reused with a different request")))));
        } else {
            request.abortWith(ProblemMappers.respond(new Problem(Problem.TYPE_BASE + "idempotency-in-flight",
                    "Conflict", 409, "a request with this Idempotency-Key is still being processed; retry it later",
                    path(request), List.of(new Problem.FieldError(HEADER, "a request with this key is still being "
                            + "processed")))));
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(CLAIM) instanceof Held held)) {
            return;
        }
        request.removeProperty(CLAIM);
        int status = response.getStatus();
        try {
            if (status >= 200 && status < 300) {
                keys.complete(held.caller(), held.key(), new IdempotencyKeys.Answer(status,
                        response.getMediaType() == null ? null : response.getMediaType().toString(),
                        header(response.getStringHeaders(), "Location"), header(response.getStringHeaders(), "ETag"),
                        body(response.getEntity())));
            } else {
                keys.release(held.caller(), held.key());
            }
        } catch (RuntimeException e) {
            // the answer goes out; a retry within IdempotencyKeys.ABANDONED is told 409, after it runs again
            LOG.warnf("could not record the answer to Idempotency-Key %s of %s: %s", held.key(), held.caller(),
                    e.getMessage());
        }
    }

    private Response replay(IdempotencyKeys.Answer a) {
        Response.ResponseBuilder b = Response.status(a.status()).header(REPLAYED, "true");
        if (a.body() != null) {
            b.entity(a.body()).type(a.contentType());
        }
        if (a.location() != null) {
            b.header("Location", a.location());
        }
        if (a.etag() != null) {
            b.header("ETag", a.etag());
        }
        return b.build();
    }

    private String body(Object entity) {
        if (entity == null) {
            return null;
        }
        if (entity instanceof String s) {
            return s;
        }
        try {
            return json.writeValueAsString(entity);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the answer to replay", e);
        }
    }

    private static String header(MultivaluedMap<String, String> headers, String name) {
        return headers.getFirst(name);
    }

    /** SHA-256 of the method, path, sorted query and canonical body. */
    static String hash(ContainerRequestContext request, byte[] body) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update((request.getMethod() + "\n" + request.getUriInfo().getPath() + "\n"
                    + new TreeMap<>(request.getUriInfo().getQueryParameters()) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            d.update(canonical(body));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] canonical(byte[] body) {
        if (body.length == 0) {
            return body;
        }
        try {
            return CANONICAL.writeValueAsBytes(CANONICAL.readValue(body, Object.class));
        } catch (IOException e) {
            return body; // not JSON: compared byte for byte, and refused by the endpoint anyway
        }
    }

    private static String path(ContainerRequestContext request) {
        return "/" + request.getUriInfo().getPath().replaceFirst("^/", "");
    }
}
