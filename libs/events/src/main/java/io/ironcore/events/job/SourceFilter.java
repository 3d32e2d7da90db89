package io.ironcore.events.job;

/**
 * One Include or Exclude filter of a job's sources, resolved against the workloads inventory at run time. Exactly
 * one of the fields is set.
 *
 * @param name    a glob over workload names ({@code *} and {@code ?}), e.g. {@code web-*}
 * @param tag     a workload tag, e.g. {@code production}
 * @param project every workload of that project
 */
public record SourceFilter(String name, String tag, String project) {
}
