package dev.ergokv.annotation;

import dev.ergokv.migrate.Migration;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that this entity version is migrated from an earlier version's class. The previous
 * class carries the same model name and a lower {@link Entity#version()}; the converter turns one
 * of its instances into one of this class. Chains (v1 to v2 to v3) are followed in order.
 *
 * <p>The converter is either a static method of this class,
 *
 * <pre>{@code
 * @Entity(value = "User", version = 2)
 * @MigrateFrom(UserV1.class)
 * public class User {
 *   static User migrateFrom(UserV1 previous) { ... }
 * }
 * }</pre>
 *
 * or a class named by {@link #using()} that implements {@link Migration
 * Migration&lt;UserV1, User&gt;}. The previous class stays in the code base (it describes how old values were stored) and
 * keeps the model name; it may be renamed and moved freely.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface MigrateFrom {

  /** The class that describes the previous stored version. */
  Class<?> value();

  /**
   * The converter: a class implementing {@code Migration<Previous, ThisClass>} with a no-arg
   * constructor. Default ({@code Migration.class}): the static method {@code static ThisClass
   * migrateFrom(Previous previous)} of the annotated class.
   */
  @SuppressWarnings("rawtypes")
  Class<? extends Migration> using() default Migration.class;
}
