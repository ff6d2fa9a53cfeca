package dev.ergokv.internal.meta;

import dev.ergokv.ErgoKvException;
import dev.ergokv.enhance.EnhancedClass;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Optional;

/** Chooses the {@link EntityAccess} implementation for a class. */
final class EntityAccesses {

  private EntityAccesses() {}

  /**
   * The access for {@code type} with the given persistent fields in canonical order: {@link
   * EnhancedAccess} when the class itself carries the enhancer's stamp of this runtime's format
   * (and implements {@code EnhancedEntity}), else {@link ReflectiveAccess}. Records are never
   * enhanced.
   *
   * @throws EnhancementMismatchException when the class was enhanced with another format, or for
   *     other slots than {@code fields}
   * @throws ReflectiveOperationException when the class's fields or constructor cannot be reached
   */
  static <T> EntityAccess<T> select(Class<T> type, boolean record, List<FieldModel> fields)
      throws ReflectiveOperationException {
    if (!record) {
      Optional<EnhancedClass> enhanced;
      try {
        enhanced = EnhancedClass.of(type);
      } catch (IllegalStateException e) {
        // Another enhancement format: its generated code does not speak this runtime's contract.
        throw new EnhancementMismatchException(withoutClassName(type, e.getMessage()), e);
      }
      if (enhanced.isPresent()) {
        return EnhancedAccess.create(type, enhanced.get(), fields);
      }
    }
    return ReflectiveAccess.create(type, record, fields);
  }

  private static String withoutClassName(Class<?> type, String message) {
    String prefix = type.getName() + " ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }

  /**
   * A new instance from {@code factory}, the class's no-arg constructor typed {@code ()Object};
   * what it throws, other than an {@link Error}, becomes an {@link ErgoKvException} naming the
   * class.
   */
  static <T> T newInstance(Class<T> type, MethodHandle factory) {
    try {
      return type.cast(factory.invokeExact());
    } catch (Error e) {
      throw e;
    } catch (Throwable e) {
      throw new ErgoKvException(
          "The no-arg constructor of " + type.getName() + " failed: " + e, e);
    }
  }
}
