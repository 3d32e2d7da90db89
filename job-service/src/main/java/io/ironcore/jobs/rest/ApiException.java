package io.ironcore.jobs.rest;

import io.ironcore.jobs.service.errors.DomainException;

/**
 * A request the REST layer refuses by itself, before any service runs (a parameter or body it cannot parse). It is
 * a {@link DomainException} of the same kinds, so {@link ProblemMappers} answers it with the same problem types,
 * titles and statuses; only the type says that the REST layer, not a service, refused it.
 */
public final class ApiException extends DomainException {
    private ApiException(DomainException e) {
        super(e.kind(), e.getMessage(), e.errors());
    }

    public static ApiException invalid(String field, String message) {
        return new ApiException(DomainException.invalid(field, message));
    }

    public static ApiException notFound(String what) {
        return new ApiException(DomainException.notFound(what));
    }

    public static ApiException conflict(String field, String message) {
        return new ApiException(DomainException.conflict(field, message));
    }
}
