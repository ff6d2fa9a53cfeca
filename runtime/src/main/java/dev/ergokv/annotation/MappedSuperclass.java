package dev.ergokv.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A superclass whose persistent fields are stored as part of every entity that extends it. An
 * entity may extend only mapped superclasses (or {@code Object}): fields of any other superclass
 * would be silently lost, so such a mapping is rejected.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface MappedSuperclass {}
