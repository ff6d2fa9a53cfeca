package dev.ergokv.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A unique index: no two entities of the model may hold the same non-null value. Saving a value
 * that another entity owns fails with a unique violation; it never overwrites.
 *
 * <p>The field's type must have an order-preserving key encoding, as for {@link Index}. Values are
 * compared as keys: BigDecimal 1.0 and 1.00 are the same value.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface Unique {

  /** The index name; empty means the field name. Stored in keys, so keep it stable. */
  String value() default "";
}
