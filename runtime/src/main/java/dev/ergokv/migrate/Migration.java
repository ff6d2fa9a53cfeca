package dev.ergokv.migrate;

/**
 * Converts an entity of the previous schema version into the next one: the converter of a
 * {@link dev.ergokv.annotation.MigrateFrom} link, written by the application.
 *
 * <pre>{@code
 * @Entity(value = "User", version = 3)
 * @MigrateFrom(value = UserV2.class, using = UserV2ToV3.class)
 * public class User { ... }
 *
 * public class UserV2ToV3 implements Migration<UserV2, User> {
 *   public User migrate(UserV2 previous) {
 *     return new User(previous.id(), previous.firstName() + " " + previous.lastName());
 *   }
 * }
 * }</pre>
 *
 * <p>The class needs a no-arg constructor (any visibility); one instance is made per link and
 * shared by all threads, so keep it stateless. Instead of a class, the newer entity may declare a
 * static method {@code static User migrateFrom(UserV2 previous)}, which is used when {@code
 * using} is not given.
 *
 * <p>A converter must return a new instance of the newer class with the same key. It may run more
 * than once for one stored value (a load in a retried transaction, a migration batch repeated
 * after a conflict), so it must not have side effects. An exception it throws stops the load (or
 * the migration run) with an error naming the model and the key.
 *
 * @param <Old> the class of the previous version (the {@code @MigrateFrom} class)
 * @param <New> the class of the newer version (the annotated class)
 */
@FunctionalInterface
public interface Migration<Old, New> {

  /** The newer version of {@code previous}; never null, with the same key. */
  New migrate(Old previous);
}
