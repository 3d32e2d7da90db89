package io.ironcore.jobs.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A denied permission on these resources answers 404, not 403: a caller who may not see a project must not learn
 * that it (or anything in it) exists.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface NotFoundWhenForbidden {
}
