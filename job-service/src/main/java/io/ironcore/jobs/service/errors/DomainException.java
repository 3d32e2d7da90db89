package io.ironcore.jobs.service.errors;

import java.util.List;

/**
 * A rule of the domain that a request breaks: what is wrong ({@link Kind}), a detail for people, and the fields at
 * fault. Services throw it and know nothing of HTTP; the REST layer's {@code ProblemMappers} turns each kind into
 * its status and problem type, and the tick handler records the detail as the reason a scheduled run is skipped.
 */
public class DomainException extends RuntimeException {
    /** What is wrong. */
    public enum Kind {
        /** The input breaks a rule (a field's value, a cursor). */
        INVALID,
        /** The thing named does not exist (or is not the caller's to see). */
        NOT_FOUND,
        /** The input clashes with the current state (a name taken, a datastore gone). */
        CONFLICT,
        /** The caller may not do this. */
        FORBIDDEN,
        /** A change that must name the version it was based on did not. */
        VERSION_REQUIRED,
        /** A change named a version that is no longer the current one. */
        VERSION_MISMATCH
    }

    private final Kind kind;
    private final List<FieldError> errors;

    public DomainException(Kind kind, String detail, List<FieldError> errors) {
        super(detail);
        this.kind = kind;
        this.errors = List.copyOf(errors);
    }

    public static DomainException invalid(String field, String message) {
        return new DomainException(Kind.INVALID, field + ": " + message, List.of(new FieldError(field, message)));
    }

    public static DomainException invalid(List<FieldError> errors) {
        String detail = errors.stream().map(e -> e.field() + ": " + e.message())
                .reduce((a, b) -> a + "; " + b).orElse("invalid request");
        return new DomainException(Kind.INVALID, detail, errors);
    }

    public static DomainException notFound(String what) {
        return new DomainException(Kind.NOT_FOUND, what + " does not exist", List.of());
    }

    public static DomainException conflict(String field, String message) {
        return new DomainException(Kind.CONFLICT, message, List.of(new FieldError(field, message)));
    }

    public static DomainException forbidden(String field, String message) {
        return new DomainException(Kind.FORBIDDEN, message, List.of(new FieldError(field, message)));
    }

    public static DomainException versionRequired(String detail) {
        return new DomainException(Kind.VERSION_REQUIRED, detail, List.of());
    }

    public static DomainException versionMismatch(String detail) {
        return new DomainException(Kind.VERSION_MISMATCH, detail, List.of());
    }

    public Kind kind() {
        return kind;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
