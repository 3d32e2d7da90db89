package io.ironcore.jobs.rest;

import java.util.List;

/** A request the API refuses, with the problem to answer. */
public class ApiException extends RuntimeException {
    private final int status;
    private final String kind;
    private final String title;
    private final List<Problem.FieldError> errors;

    public ApiException(int status, String kind, String title, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.status = status;
        this.kind = kind;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ApiException invalid(String field, String message) {
        return new ApiException(400, "validation", "Invalid request", field + ": " + message,
                List.of(new Problem.FieldError(field, message)));
    }

    public static ApiException invalid(List<Problem.FieldError> errors) {
        String detail = errors.stream().map(e -> e.field() + ": " + e.message())
                .reduce((a, b) -> a + "; " + b).orElse("invalid request");
        return new ApiException(400, "validation", "Invalid request", detail, errors);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not-found", "Not found", what + " does not exist", List.of());
    }

    public static ApiException conflict(String field, String message) {
        return new ApiException(409, "conflict", "Conflict", message, List.of(new Problem.FieldError(field, message)));
    }

    public int status() {
        return status;
    }

    public String kind() {
        return kind;
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
