package io.ironcore.jobs.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.ironcore.jobs.access.Caller;
import io.ironcore.jobs.service.errors.DomainException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Every error of the API is a problem detail. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Inject
    SecurityIdentity identity;

    @ServerExceptionMapper({UnauthorizedException.class,
            AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        if (Unavailable.databaseDown(e)) { // the token could not be looked up: not the caller's fault
            return unavailable(e, uri);
        }
        return Response.status(401).type(Problem.MEDIA_TYPE).header("WWW-Authenticate", "Bearer realm=\"ironcore\"")
                .entity(new Problem(Problem.TYPE_BASE + "unauthorized", "Unauthorized", 401,
                        "a valid bearer token is required (Authorization: Bearer <token>)", path(uri), List.of()))
                .build();
    }

    /**
     * 403, or 404 on resources marked {@link NotFoundWhenForbidden} when the caller may not see the project the
     * request names: its existence is not revealed.
     */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri,
                              ResourceInfo resource) {
        String project = uri.getQueryParameters().getFirst("project");
        boolean hide = resource != null && resource.getResourceClass() != null
                && (resource.getResourceClass().isAnnotationPresent(NotFoundWhenForbidden.class)
                || (resource.getResourceMethod() != null
                && resource.getResourceMethod().isAnnotationPresent(NotFoundWhenForbidden.class)))
                && project != null && !Caller.of(identity).canSee(project);
        if (hide) {
            return respond(new Problem(Problem.TYPE_BASE + "not-found", "Not found", 404,
                    "project " + project + " does not exist", path(uri), List.of()));
        }
        return respond(new Problem(Problem.TYPE_BASE + "forbidden", "Forbidden", 403,
                "you may not do this" + (project == null ? "" : " in project " + project), path(uri), List.of()));
    }

    /**
     * A rule of the domain broken (or a request the REST layer refuses itself, {@link ApiException}): the same
     * problem types and statuses the API has always answered.
     */
    @ServerExceptionMapper
    public Response domain(DomainException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.errors().stream()
                .map(f -> new Problem.FieldError(f.field(), f.message())).toList();
        Problem p = switch (e.kind()) {
            case INVALID -> problem("validation", "Invalid request", 400, e, uri, errors);
            case NOT_FOUND -> problem("not-found", "Not found", 404, e, uri, errors);
            case CONFLICT -> problem("conflict", "Conflict", 409, e, uri, errors);
            case FORBIDDEN -> problem("forbidden", "Forbidden", 403, e, uri, errors);
            case VERSION_REQUIRED -> problem("precondition-required", "Precondition Required", 428, e, uri, errors);
            case VERSION_MISMATCH -> problem("precondition-failed", "Precondition Failed", 412, e, uri, errors);
        };
        return respond(p);
    }

    private static Problem problem(String kind, String title, int status, DomainException e, UriInfo uri,
                                   List<Problem.FieldError> errors) {
        return new Problem(Problem.TYPE_BASE + kind, title, status, e.getMessage(), path(uri), errors);
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

    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response mismatch(MismatchedInputException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response json(JsonProcessingException e, UriInfo uri) {
        Problem.FieldError error = JsonErrors.of(e);
        return respond(new Problem(Problem.TYPE_BASE + "malformed-body", "Malformed request body", 400,
                error.field() + ": " + error.message(), path(uri), List.of(error)));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri, ResourceInfo resource,
                        HttpHeaders headers) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json, uri);
        }
        if ((e instanceof NotFoundException || e instanceof BadRequestException)
                && e.getCause() != null && resource != null) {
            // a query, path or header parameter that does not convert (?limit=abc): 400 naming it, not 404
            var culprit = ParamErrors.culprit(resource.getResourceMethod(), uri, headers);
            if (culprit.isPresent()) {
                Problem.FieldError f = culprit.get();
                return respond(new Problem(Problem.TYPE_BASE + "validation", "Invalid request", 400,
                        f.field() + ": " + f.message(), path(uri), List.of(f)));
            }
        }
        if (Unavailable.databaseDown(e)) {
            return unavailable(e, uri);
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
        if (Unavailable.databaseDown(e)) {
            return unavailable(e, uri);
        }
        LOG.error("unexpected error", e);
        return respond(new Problem(Problem.TYPE_BASE + "internal", "Internal Server Error", 500,
                "the server failed to handle the request; see its log", path(uri), List.of()));
    }

    /** 503 with Retry-After: the database is unreachable (refused, timed out, no pooled connection in time). */
    private static Response unavailable(Throwable e, UriInfo uri) {
        LOG.warnf("database unreachable, answering 503: %s", rootMessage(e));
        return Unavailable.response(path(uri));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        for (int i = 0; i < 20 && root.getCause() != null && root.getCause() != root; i++) {
            root = root.getCause();
        }
        return root.getClass().getName() + ": " + root.getMessage();
    }

    static Response respond(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }

    /**
     * The field at fault as a JSON path of the request body: {@code create.request.sourceIds[2].<list element>}
     * becomes {@code sourceIds[2]}, {@code addWorkload.request.disks[0].name} becomes {@code disks[0].name}; a
     * query or header parameter is named by itself.
     */
    static String field(ConstraintViolation<?> v) {
        StringBuilder out = new StringBuilder();
        String parameter = null;
        String method = null;
        for (Path.Node node : v.getPropertyPath()) {
            switch (node.getKind()) {
                case METHOD -> method = node.getName();
                case PARAMETER -> parameter = wireName(v.getRootBeanClass(), method,
                        node.as(Path.ParameterNode.class).getParameterIndex(), node.getName());
                case PROPERTY, CONTAINER_ELEMENT -> {
                    if (node.isInIterable()) {
                        out.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
                    }
                    if (node.getKind() == ElementKind.PROPERTY) {
                        if (!out.isEmpty()) {
                            out.append('.');
                        }
                        out.append(node.getName());
                    }
                }
                default -> {
                }
            }
        }
        if (out.isEmpty()) {
            return parameter != null && !parameter.startsWith("arg") && !"request".equals(parameter)
                    ? parameter : "body";
        }
        return out.toString();
    }

    /** A query, header or path parameter by the name the client uses ({@code Idempotency-Key}, not the Java name). */
    private static String wireName(Class<?> resource, String method, int index, String fallback) {
        for (Class<?> c = resource; c != null && method != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (!m.getName().equals(method) || m.getParameterCount() <= index) {
                    continue;
                }
                for (Annotation a : m.getParameterAnnotations()[index]) {
                    if (a instanceof HeaderParam h) {
                        return h.value();
                    }
                    if (a instanceof QueryParam q) {
                        return q.value();
                    }
                    if (a instanceof PathParam p) {
                        return p.value();
                    }
                }
            }
        }
        return fallback;
    }
}
