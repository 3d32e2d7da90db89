package io.ironcore.events.job;

import io.ironcore.events.Validated;

import java.util.List;

/**
 * Everything a downstream service needs to know about a job, so that no service reads job-service's tables.
 *
 * @param type              workload type, {@code vm}
 * @param sourceIds         explicit workload ids
 * @param datastore         target datastore name, e.g. {@code ibs-primary}
 * @param namespace         datastore namespace, empty for the root namespace
 * @param mode              {@code incremental} or {@code full}
 * @param schedule          calendar event (systemd OnCalendar syntax) or absent for manual-only jobs
 * @param timezone          IANA zone the schedule and retention periods are evaluated in
 * @param retention         retention windows in the product's syntax, e.g. {@code keep-daily=7}
 * @param notificationMode  {@code always}, {@code errors} or {@code never}
 * @param notificationGroup notification group name, if any
 * @param enabled           false while paused
 */
public record JobSpec(String type, List<String> sourceIds, String datastore, String namespace, String mode,
                      String schedule, String timezone, String retention, String notificationMode,
                      String notificationGroup, boolean enabled) implements Validated {

    public static final String MODE_INCREMENTAL = "incremental";
    public static final String MODE_FULL = "full";

    @Override
    public void validate() {
        Validated.require(type, "spec.type");
        Validated.require(sourceIds, "spec.sourceIds");
        Validated.require(datastore, "spec.datastore");
        Validated.require(mode, "spec.mode");
    }
}
