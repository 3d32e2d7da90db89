package io.ironcore.jobs.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.ironcore.jobs.service.SourceRootInput;

import java.util.List;

/**
 * A source root: its name, the directory on the workers' hosts below which disk images may be read (absolute,
 * normalized, not {@code /}), and the projects granted it (at least one: a root is never open to every project).
 */
public record SourceRootRequest(
        @NotBlank @Size(max = 63) @Pattern(regexp = Patterns.SLUG, message = Patterns.SLUG_MESSAGE) String name,
        @NotBlank @Size(max = 4096) @Pattern(regexp = "/.*", message = "must be an absolute path") String path,
        @NotNull @Size(min = 1, max = 1000)
        List<@NotBlank @Pattern(regexp = Patterns.SLUG, message = Patterns.SLUG_MESSAGE) String> allowedProjects) {

    /** The source root as the service takes it. */
    public SourceRootInput toInput() {
        return new SourceRootInput(name, path, allowedProjects);
    }
}
