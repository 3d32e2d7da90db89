package io.ironcore.jobs.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.ironcore.jobs.service.DatastoreInput;

import java.util.List;

/**
 * A datastore: its name, the path where every worker mounts it, and the projects that may write to it (none
 * listed: every project).
 */
public record DatastoreRequest(
        @NotBlank @Size(max = 63) @Pattern(regexp = Patterns.SLUG, message = Patterns.SLUG_MESSAGE) String name,
        @NotBlank @Size(max = 4096) @Pattern(regexp = "/.*", message = "must be an absolute path") String path,
        @Size(max = 1000) List<@NotBlank @Pattern(regexp = Patterns.SLUG, message = Patterns.SLUG_MESSAGE) String>
                allowedProjects) {

    /** The datastore as the service takes it. */
    public DatastoreInput toInput() {
        return new DatastoreInput(name, path, allowedProjects);
    }
}
