package dev.ergokv.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class or record as a persistent entity: one stored value per instance, addressed by its
 * {@link Key}.
 *
 * <p>The model name is part of every stored key. It defaults to the simple class name, but should be
 * given explicitly for anything long-lived: it must not change when the class is renamed or moved,
 * or stored data is no longer found.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Entity {

  /** The stable model name; empty means the simple class name. */
  String value() default "";

  /**
   * The schema version of this class's stored form. Raise it only together with a
   * {@link MigrateFrom} chain; adding or removing a field needs no new version.
   */
  int version() default 1;
}
