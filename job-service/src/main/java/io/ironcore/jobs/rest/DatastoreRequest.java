package io.ironcore.jobs.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A datastore: its name and the path where every worker mounts it. */
public record DatastoreRequest(
        @NotBlank @Size(max = 63) @Pattern(regexp = Patterns.SLUG, message = Patterns.SLUG_MESSAGE) String name,
        @NotBlank @Size(max = 4096) @Pattern(regexp = "/.*", message = "must be an absolute path") String path) {
}
