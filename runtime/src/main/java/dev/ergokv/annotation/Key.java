package dev.ergokv.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The primary key of an {@link Entity}: exactly one field or record component per entity. Its
 * type must have an order-preserving key encoding (a number, String, UUID, enum, date/time...,
 * never {@code Optional}); a record of such components makes a composite key. Entities are stored
 * in key order.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface Key {}
