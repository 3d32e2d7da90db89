package io.ironcore.jobs.rest;

import io.ironcore.calendar.CalendarEvent;
import io.ironcore.calendar.CalendarSyntaxException;
import jakarta.inject.Inject;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A schedule, when given, elapses at least once within the next ten years ({@code *-02-30 02:00} never does, so a
 * job with it would never run and nobody would be told). Absent or blank is a manual-only job; a schedule that does
 * not parse is left to the parser's own message.
 */
@Documented
@Constraint(validatedBy = Elapses.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface Elapses {
    /** How far ahead the schedule must elapse once. */
    Duration HORIZON = Duration.ofDays(3653);

    String message() default "never elapses";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks with the calendar library the scheduler uses, from the service's clock. */
    class Validator implements ConstraintValidator<Elapses, String> {
        @Inject
        Clock clock;

        @Override
        public boolean isValid(String schedule, ConstraintValidatorContext context) {
            if (schedule == null || schedule.isBlank()) {
                return true;
            }
            CalendarEvent event;
            try {
                event = CalendarEvent.parse(schedule.trim());
            } catch (CalendarSyntaxException e) {
                return true;
            }
            Instant now = clock == null ? Instant.now() : clock.instant();
            // the zone moves an elapse by hours at most, not by years: UTC unless the schedule names its own
            return event.next(now, ZoneOffset.UTC).filter(next -> next.isBefore(now.plus(HORIZON))).isPresent();
        }
    }
}
