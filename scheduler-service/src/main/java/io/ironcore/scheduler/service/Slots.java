package io.ironcore.scheduler.service;

import io.ironcore.calendar.CalendarEvent;
import io.ironcore.calendar.CalendarSyntaxException;
import io.ironcore.scheduler.JobSchedule;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A schedule's slots: the calendar library the job-service shows next run times with. Parsed events are cached. */
public final class Slots {
    private static final Map<String, Optional<CalendarEvent>> PARSED = new ConcurrentHashMap<>();

    private Slots() {
    }

    /** The first slot strictly after {@code after}; empty without a (valid) schedule or when it never elapses. */
    public static Optional<Instant> after(JobSchedule s, Instant after) {
        if (s.schedule == null) {
            return Optional.empty();
        }
        Optional<CalendarEvent> event = PARSED.computeIfAbsent(s.schedule, Slots::parse);
        if (event.isEmpty()) {
            return Optional.empty();
        }
        try {
            return event.get().next(after, ZoneId.of(s.timezone == null ? "UTC" : s.timezone));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<CalendarEvent> parse(String expression) {
        try {
            return Optional.of(CalendarEvent.parse(expression));
        } catch (CalendarSyntaxException e) {
            return Optional.empty(); // job-service refuses these; a stray one simply never fires
        }
    }
}
