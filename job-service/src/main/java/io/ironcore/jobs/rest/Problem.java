package io.ironcore.jobs.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * RFC 9457 problem details, served as {@code application/problem+json}. {@code type} is a stable URI per kind of
 * problem; {@code errors} names every field at fault.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance,
                      List<FieldError> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://ironcore.io/problems/";

    /** One field at fault: a JSON path such as {@code sourceIds[2]} or {@code name}. */
    public record FieldError(String field, String message) {
    }
}
