package io.ironcore.jobs.rest;

import io.ironcore.egress.EgressPolicy;
import io.ironcore.egress.EgressRefusedException;
import io.ironcore.events.job.NotificationTarget;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.config.ConfigProvider;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A notification group's recipient ({@link NotificationTarget}, whose grammar this is): an http(s) webhook URL or an
 * email address (optionally as mailto:). A URL must
 * pass the egress policy (libs/egress): its host may not be, or resolve to, a loopback, private, link-local,
 * metadata or other inside address, unless {@code ironcore.notification.allow-private} opens it (the same setting
 * as notification-service's, which checks again before every delivery). A name that does not resolve now is
 * accepted: the delivery checks it when it does.
 */
@NotBlank
@Size(max = NotificationTarget.MAX_LENGTH)
@Constraint(validatedBy = ValidNotificationTarget.Egress.class)
@Documented
@Target({ElementType.TYPE_USE, ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
public @interface ValidNotificationTarget {
    String message() default NotificationTarget.ANY_MESSAGE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /**
     * The grammar ({@link NotificationTarget#problem}), then the egress policy on webhook URLs and metric servers'
     * addresses.
     */
    class Egress implements ConstraintValidator<ValidNotificationTarget, String> {
        static final String ALLOW_PRIVATE = "ironcore.notification.allow-private";
        private EgressPolicy policy;

        @Override
        public void initialize(ValidNotificationTarget annotation) {
            policy = EgressPolicy.of(ConfigProvider.getConfig().getOptionalValue(ALLOW_PRIVATE, String.class)
                    .orElse(""));
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null || value.isBlank()) {
                return true; // @NotBlank says so
            }
            List<String> refused = new ArrayList<>();
            NotificationTarget.problem(value).ifPresent(refused::add);
            NotificationTarget target = refused.isEmpty() ? NotificationTarget.parse(value).orElse(null) : null;
            boolean metric = target != null && (target.kind() == NotificationTarget.Kind.INFLUXDB
                    || target.kind() == NotificationTarget.Kind.GRAPHITE);
            if (metric || NotificationTarget.namesUrl(value)) {
                try {
                    policy.check(metric ? target.metric().egressUrl() : value);
                } catch (UnknownHostException e) {
                    // a name that does not resolve now is checked again at every delivery
                } catch (EgressRefusedException e) {
                    refused.add(metric ? target.shown() + " is not allowed: " + e.getMessage() : e.getMessage());
                }
            }
            if (refused.isEmpty()) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            refused.forEach(m -> context.buildConstraintViolationWithTemplate(literal(m)).addConstraintViolation());
            return false;
        }

        /** The message as it is: a URL's braces, dollars and backslashes are not a template's. */
        private static String literal(String message) {
            return message.replaceAll("([\\\\{}$])", "\\\\$1");
        }
    }
}
