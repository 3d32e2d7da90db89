package io.ironcore.jobs.rest;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A notification group's recipient: an http(s) webhook URL or an email address (optionally as mailto:). */
@NotBlank
@Size(max = 2048)
@Pattern(regexp = Patterns.NOTIFICATION_TARGET, message = Patterns.NOTIFICATION_TARGET_MESSAGE)
@Constraint(validatedBy = {})
@Documented
@Target({ElementType.TYPE_USE, ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
public @interface NotificationTarget {
    String message() default Patterns.NOTIFICATION_TARGET_MESSAGE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
