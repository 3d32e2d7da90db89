package io.ironcore.jobs.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.ironcore.jobs.service.WorkloadInput;

import java.util.List;

/** A workload (VM) of the inventory. */
public record WorkloadRequest(
        @NotBlank @Size(max = 64) @Pattern(regexp = Patterns.ID, message = Patterns.ID_MESSAGE) String id,
        @NotBlank @Size(max = 128) String name,
        @Size(max = 63) @Pattern(regexp = Patterns.SLUG, message = Patterns.SLUG_MESSAGE) String project,
        @Size(max = 64) List<@NotBlank @Size(max = 64) String> tags,
        @NotNull @Size(min = 1, max = 64) List<@Valid Disk> disks) {

    /**
     * A disk image: its drive name inside snapshots, the source root it lies below and its path relative to that
     * root. (An absolute path without a source root is accepted when it lies below a root granted to the project.)
     */
    public record Disk(
            @NotBlank @Size(max = 64) @Pattern(regexp = Patterns.ID, message = Patterns.ID_MESSAGE) String name,
            @Size(max = 63) @Pattern(regexp = Patterns.SLUG, message = Patterns.SLUG_MESSAGE) String sourceRoot,
            @NotBlank @Size(max = 4096) String path) {
    }

    /** The workload as the service takes it. */
    public WorkloadInput toInput() {
        return new WorkloadInput(id, name, project, tags,
                disks == null ? null : disks.stream().map(d -> d == null ? null
                        : new WorkloadInput.Disk(d.name(), d.sourceRoot(), d.path())).toList());
    }
}
