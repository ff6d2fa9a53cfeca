package dev.ergokv.enhance;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * What an enhanced entity class tells the runtime about itself, read once from its {@link
 * Enhanced} stamp and cached. <strong>For the runtime, not for users.</strong> Immutable and
 * thread-safe.
 */
public final class EnhancedClass {

  private static final ClassValue<Optional<EnhancedClass>> CACHE =
      new ClassValue<>() {
        @Override
        protected Optional<EnhancedClass> computeValue(Class<?> type) {
          return Optional.ofNullable(read(type));
        }
      };

  private final Class<?> type;
  private final List<String> fieldNames;
  private final SlotTracking[] tracking;
  private final int[] wrappedSlots;

  private EnhancedClass(Class<?> type, String[] fieldNames, SlotTracking[] tracking) {
    this.type = type;
    this.fieldNames = List.of(fieldNames);
    this.tracking = tracking;
    this.wrappedSlots =
        java.util.stream.IntStream.range(0, tracking.length)
            .filter(slot -> tracking[slot].isWrapped())
            .toArray();
  }

  /**
   * The contract of {@code type}, or empty when it is not an enhanced entity or mapped
   * superclass: no {@link Enhanced} stamp declared on the class itself (a subclass of an enhanced
   * class is not enhanced by inheritance), or it does not implement {@link EnhancedEntity}.
   *
   * @throws IllegalStateException when {@code type} was enhanced with another {@linkplain
   *     Enhanced#FORMAT format} than this runtime's; it must be enhanced again
   */
  public static Optional<EnhancedClass> of(Class<?> type) {
    return CACHE.get(type);
  }

  private static EnhancedClass read(Class<?> type) {
    Enhanced stamp = type.getDeclaredAnnotation(Enhanced.class);
    if (stamp == null || !EnhancedEntity.class.isAssignableFrom(type)) {
      return null;
    }
    if (stamp.format() != Enhanced.FORMAT) {
      throw new IllegalStateException(
          type.getName()
              + " was enhanced with enhancement format "
              + stamp.format()
              + ", but this ErgoKV runtime uses format "
              + Enhanced.FORMAT
              + ": enhance it again with the ergokv-maven-plugin or ergokv-agent of the same"
              + " version as ergokv-runtime (a clean build)");
    }
    if (stamp.fields().length != stamp.tracking().length) {
      throw new IllegalStateException(
          type.getName()
              + " carries a damaged @Enhanced stamp ("
              + stamp.fields().length
              + " fields, "
              + stamp.tracking().length
              + " tracking entries): enhance it again (a clean build)");
    }
    return new EnhancedClass(type, stamp.fields(), stamp.tracking());
  }

  /** The enhanced class. */
  public Class<?> type() {
    return type;
  }

  /** The number of slots, superclass slots included. */
  public int slotCount() {
    return tracking.length;
  }

  /**
   * The persistent field names in slot order as the enhancer saw them. The runtime compares them
   * with its own canonical order: a difference means the class or one of its mapped superclasses
   * changed after enhancement (e.g. a superclass from another jar), and the slots cannot be
   * trusted.
   */
  public List<String> fieldNames() {
    return fieldNames;
  }

  /**
   * How {@code slot} is tracked.
   *
   * @throws IndexOutOfBoundsException when there is no such slot
   */
  public SlotTracking tracking(int slot) {
    return tracking[slot];
  }

  /**
   * The slots whose encoded form the runtime must compare at flush because the enhancer cannot
   * see every change to them ({@link SlotTracking#COMPARE_AT_FLUSH}). Empty for a class whose
   * dirty set is exact. A fresh copy.
   */
  public BitSet compareAtFlushSlots() {
    BitSet slots = new BitSet(tracking.length);
    for (int slot = 0; slot < tracking.length; slot++) {
      if (tracking[slot] == SlotTracking.COMPARE_AT_FLUSH) {
        slots.set(slot);
      }
    }
    return slots;
  }

  int[] wrappedSlots() {
    return wrappedSlots;
  }

  @Override
  public String toString() {
    return "EnhancedClass["
        + type.getName()
        + ", fields="
        + fieldNames
        + ", tracking="
        + Arrays.toString(tracking)
        + "]";
  }
}
