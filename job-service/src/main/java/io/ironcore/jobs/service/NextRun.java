package io.ironcore.jobs.service;

import io.ironcore.calendar.CalendarEvent;
import io.ironcore.jobs.Job;

import java.time.Instant;
import java.time.ZoneId;

/** When a job's schedule fires next (the calendar library the scheduler uses too). */
public final class NextRun {
    private NextRun() {
    }

    /** The next elapse strictly after {@code now}; null without a schedule, while disabled, or never again. */
    public static Instant of(Job job, Instant now) {
        if (!job.enabled || job.schedule == null) {
            return null;
        }
        return of(job.schedule, job.timezone, now);
    }

    /** The next elapse of a schedule in a zone strictly after {@code now}; null if it never elapses again. */
    public static Instant of(String schedule, String timezone, Instant now) {
        return CalendarEvent.parse(schedule).next(now, ZoneId.of(timezone)).orElse(null);
    }
}
