package io.ironcore.jobs.service;

import java.util.List;

/** A source root to add: its name, the directory below which disk images may be read, the projects granted it. */
public record SourceRootInput(String name, String path, List<String> allowedProjects) {
}
