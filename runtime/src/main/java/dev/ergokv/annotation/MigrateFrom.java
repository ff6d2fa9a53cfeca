package dev.ergokv.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that this entity version is migrated from an earlier version's class. The previous
 * class carries the same model name and a lower {@link Entity#version()}; the converter turns one
 * of its instances into one of this class. Chains (v1 to v2 to v3) are followed in order.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface MigrateFrom {

  /** The class that describes the previous stored version. */
  Class<?> value();
}
