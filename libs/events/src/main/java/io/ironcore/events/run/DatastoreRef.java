package io.ironcore.events.run;

/**
 * A datastore as the registry in job-service knows it.
 *
 * @param name the datastore's name, e.g. {@code ibs-primary}
 * @param path where every worker finds it (a local directory or a shared mount)
 */
public record DatastoreRef(String name, String path) {
}
