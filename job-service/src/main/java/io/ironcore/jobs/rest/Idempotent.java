package io.ironcore.jobs.rest;

import jakarta.ws.rs.NameBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A creating POST that honours {@code Idempotency-Key}: the same key with the same request answers the first answer
 * again, the same key with another request answers 422, and nothing is created twice ({@link IdempotencyFilter}).
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Idempotent {
}
