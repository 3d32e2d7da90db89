package io.ironcore.jobs.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Every error of the API is a problem detail. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e, UriInfo uri) {
        return respond(new Problem(Problem.TYPE_BASE + e.kind(), e.title(), e.status(), e.getMessage(), path(uri),
                e.errors()));
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return respond(new Problem(Problem.TYPE_BASE + "validation", "Invalid request", 400, detail, path(uri),
                errors));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response mismatch(com.fasterxml.jackson.databind.exc.MismatchedInputException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response json(JsonProcessingException e, UriInfo uri) {
        String field = "body";
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            field = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining()).substring(1).replace(".[", "[");
        }
        String message = e.getOriginalMessage();
        int cut = message.indexOf('\n');
        message = cut > 0 ? message.substring(0, cut) : message;
        return respond(new Problem(Problem.TYPE_BASE + "malformed-body", "Malformed request body", 400,
                field + ": " + message, path(uri), List.of(new Problem.FieldError(field, message))));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json, uri);
        }
        int status = e.getResponse().getStatus();
        String kind = switch (status) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            default -> status >= 500 ? "internal" : "bad-request";
        };
        Response.Status.Family family = Response.Status.Family.familyOf(status);
        if (family == Response.Status.Family.SERVER_ERROR) {
            LOG.error("request failed", e);
        }
        String reason = e.getResponse().getStatusInfo().getReasonPhrase();
        String detail = e.getMessage() == null || e.getMessage().startsWith("HTTP ") ? reason : e.getMessage();
        return respond(new Problem(Problem.TYPE_BASE + kind, reason, status, detail, path(uri), List.of()));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        LOG.error("unexpected error", e);
        return respond(new Problem(Problem.TYPE_BASE + "internal", "Internal Server Error", 500,
                "the server failed to handle the request; see its log", path(uri), List.of()));
    }

    static Response respond(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }

    /** {@code create.request.sourceIds[2].<list element>} becomes {@code sourceIds[2]}. */
    static String field(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        String[] parts = path.split("\\.");
        StringBuilder out = new StringBuilder();
        for (int i = Math.min(2, parts.length - 1); i < parts.length; i++) {
            String p = parts[i];
            if (p.startsWith("<")) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append('.');
            }
            out.append(p);
        }
        return out.isEmpty() ? path : out.toString();
    }
}
