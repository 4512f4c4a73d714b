package dev.slabpool;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class whose instances live in a {@link SlabCache} without extending
 * {@link PooledObject}. The slabpool agent weaves the refcount field and the {@link Pooled}
 * interface into such classes when they are loaded; without the agent, building a cache of an
 * annotated class fails with an error that names the class.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface PooledType {}
