package io.ironcore.jobs.service;

import java.util.List;

/** A datastore to add: its name, its mount path on every worker, and the projects that may write to it (none: every project). */
public record DatastoreInput(String name, String path, List<String> allowedProjects) {
}
