package dev.ergokv.internal.meta;

import java.util.List;

/** Chooses the {@link EntityAccess} implementation for a class. */
final class EntityAccesses {

  private EntityAccesses() {}

  /**
   * The access for {@code type} with the given persistent fields in canonical order.
   *
   * <p>This is where enhanced classes plug in: a class that implements {@code
   * dev.ergokv.enhance.EnhancedEntity} should get an access that calls its generated slot methods
   * and dirty bits instead of method handles. That implementation belongs to the enhancement
   * work; until it exists, every class takes the reflective path.
   *
   * @throws ReflectiveOperationException when the class's fields or constructor cannot be reached
   */
  static <T> EntityAccess<T> select(Class<T> type, boolean record, List<FieldModel> fields)
      throws ReflectiveOperationException {
    return ReflectiveAccess.create(type, record, fields);
  }
}
