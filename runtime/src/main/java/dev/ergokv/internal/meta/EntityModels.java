package dev.ergokv.internal.meta;

import dev.ergokv.MappingException;
import dev.ergokv.annotation.Entity;
import java.util.List;

/**
 * The cache of entity models: each class is examined once, on first use, and its model (or the
 * problems that prevent one) kept for the life of the class. Thread-safe; the cache does not keep
 * classes or their class loaders alive.
 */
public final class EntityModels {

  private static final ClassValue<ModelBuilder.Outcome> OUTCOMES =
      new ClassValue<>() {
        @Override
        protected ModelBuilder.Outcome computeValue(Class<?> type) {
          return ModelBuilder.build(type);
        }
      };

  private EntityModels() {}

  /**
   * The model of an {@code @Entity} class.
   *
   * @throws MappingException naming every problem of the class when its mapping is invalid
   */
  @SuppressWarnings("unchecked")
  public static <T> EntityModel<T> of(Class<T> type) {
    ModelBuilder.Outcome outcome = OUTCOMES.get(type);
    if (outcome.model == null) {
      // A fresh exception per call, so each stack trace shows the caller that hit it.
      throw new MappingException(type, outcome.problems);
    }
    return (EntityModel<T>) outcome.model;
  }

  /**
   * Every mapping problem of {@code type}, one message each naming the class and member, or an
   * empty list when it maps cleanly. This is what {@link #of} would throw, without throwing.
   */
  public static List<String> problems(Class<?> type) {
    return OUTCOMES.get(type).problems;
  }

  /** Whether {@code type} is declared an entity (it may still be invalid). */
  public static boolean isEntity(Class<?> type) {
    return type.isAnnotationPresent(Entity.class);
  }
}
