package dev.vigil.query;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Query parameters an endpoint reads by a name prefix (such as {@code dim.region}) rather than by a
 * {@code @QueryParam} each: {@link KnownParameters} lets them through. The prefix is written as it is sent,
 * with its separator ({@code "dim."}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface QueryPrefix {

    String value();
}
