package io.ironcore.jobs.service.errors;

/** One field at fault: a JSON path such as {@code sourceIds[2]} or {@code name}, and what is wrong with it. */
public record FieldError(String field, String message) {
}
