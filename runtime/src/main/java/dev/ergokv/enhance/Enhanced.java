package dev.ergokv.enhance;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The stamp the enhancer puts on every class it transforms. <strong>For enhanced code and the
 * runtime, not for users</strong>: writing it by hand makes the enhancer skip the class.
 *
 * <p>It is visible both by reflection and in the class file ({@code RuntimeVisibleAnnotations},
 * descriptor {@code Ldev/ergokv/enhance/Enhanced;}), so the build plugin and the agent recognise
 * classes they already enhanced without loading them, and a second enhancement changes nothing.
 *
 * <p>Entity and mapped-superclass classes also list their persistent fields in slot order, the
 * superclass slots first, with how each slot is tracked. Classes nested in an entity (which may
 * write its fields) carry the stamp with both arrays empty.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Enhanced {

  /**
   * The enhancement format this runtime understands. Raised whenever generated code or this
   * contract changes incompatibly; a class stamped with another number must be enhanced again by
   * the matching enhancer (a clean build). Format 2 added the change listener
   * ({@link EnhancedEntity#ergokv$listen}).
   */
  int FORMAT = 2;

  /** The enhancement format the class was woven with. */
  int format();

  /** The persistent field names in slot order, superclass slots first. */
  String[] fields() default {};

  /** How each slot of {@link #fields()} is tracked, same order and length. */
  SlotTracking[] tracking() default {};
}
