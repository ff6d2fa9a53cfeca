package dev.ergokv.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A non-unique secondary index: entities are found by equal value or by an ordered range of
 * values. Each entry is its own key, so writers of different entities never conflict on it.
 *
 * <p>The field's type must have an order-preserving key encoding (a number, String, UUID, enum,
 * date/time..., a record of such, or an {@code Optional} of one). Entities whose field is null or
 * an empty Optional have no entry.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface Index {

  /** The index name; empty means the field name. Stored in keys, so keep it stable. */
  String value() default "";
}
