package dev.ergokv.internal.meta;

import dev.ergokv.enhance.ChangeListener;
import dev.ergokv.enhance.EnhancedClass;
import dev.ergokv.enhance.EnhancedEntity;
import dev.ergokv.enhance.Tracking;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;

/**
 * {@link EntityAccess} of a class woven by the enhancer: fields are read and written through the
 * generated {@code ergokv$read}/{@code ergokv$write} (a {@code tableswitch}, no reflection, no
 * marking), and instances report their own writes through their dirty set.
 *
 * <p>Only construction goes through a method handle (the no-arg constructor). Which slots can
 * change without a recorded write comes from the class's stamp ({@link
 * EnhancedClass#compareAtFlushSlots()}), not from the field types: the enhancer knows, for
 * example, that a {@code List<String>} slot is wrapped and so tracked in place, and that a
 * non-private field can be assigned from outside the entity's nest.
 */
final class EnhancedAccess<T> implements EntityAccess<T> {

  private static final MethodType FACTORY = MethodType.methodType(Object.class);

  private final Class<T> type;
  private final String[] names;
  private final boolean[] primitive;
  private final BitSet compareAtFlush;
  /** The collection and map slots, which {@code ergokv$clearDirty} wraps. */
  private final int[] wrappedSlots;
  private final MethodHandle factory;

  private EnhancedAccess(
      Class<T> type,
      String[] names,
      boolean[] primitive,
      BitSet compareAtFlush,
      int[] wrappedSlots,
      MethodHandle factory) {
    this.type = type;
    this.names = names;
    this.primitive = primitive;
    this.compareAtFlush = compareAtFlush;
    this.wrappedSlots = wrappedSlots;
    this.factory = factory;
  }

  /**
   * The access of an enhanced class whose persistent fields, in canonical order, are {@code
   * fields}.
   *
   * @throws EnhancementMismatchException when the slots the enhancer numbered are not the
   *     runtime's: generated slot accessors would read and write the wrong fields
   * @throws ReflectiveOperationException when the no-arg constructor cannot be reached
   */
  static <T> EnhancedAccess<T> create(
      Class<T> type, EnhancedClass enhanced, List<FieldModel> fields)
      throws ReflectiveOperationException {
    int n = fields.size();
    String[] names = new String[n];
    boolean[] primitive = new boolean[n];
    for (FieldModel field : fields) {
      names[field.slot()] = field.name();
      primitive[field.slot()] = field.field().getType().isPrimitive();
    }
    List<String> expected = List.of(names);
    if (!enhanced.fieldNames().equals(expected)) {
      throw new EnhancementMismatchException(
          "was enhanced for the persistent fields "
              + enhanced.fieldNames()
              + " (in slot order), but its mapping now has "
              + expected
              + ": the class or one of its @MappedSuperclass classes changed after it was"
              + " enhanced (e.g. a superclass from another jar). Enhance it again: a clean build"
              + " with the ergokv-maven-plugin, or -javaagent:ergokv-agent.jar of the same"
              + " version as ergokv-runtime, and rebuild the jars of its superclasses");
    }
    MethodHandle factory =
        MethodHandles.privateLookupIn(type, MethodHandles.lookup())
            .unreflectConstructor(type.getDeclaredConstructor())
            .asType(FACTORY);
    int[] wrapped =
        IntStream.range(0, n).filter(slot -> enhanced.tracking(slot).isWrapped()).toArray();
    return new EnhancedAccess<>(
        type, names, primitive, enhanced.compareAtFlushSlots(), wrapped, factory);
  }

  @Override
  public Object get(T instance, int slot) {
    return ((EnhancedEntity) instance).ergokv$read(slot);
  }

  @Override
  public void set(T instance, int slot, Object value) {
    if (value == null && primitive[slot]) {
      throw new IllegalArgumentException(
          type.getName() + "." + names[slot] + " is primitive and cannot be set to null");
    }
    ((EnhancedEntity) instance).ergokv$write(slot, value);
  }

  @Override
  public T newInstance() {
    return EntityAccesses.newInstance(type, factory);
  }

  @Override
  public T construct(Object[] values) {
    if (values.length != names.length) {
      throw new IllegalArgumentException(
          type.getName() + " has " + names.length + " fields, got " + values.length + " values");
    }
    T instance = newInstance();
    for (int slot = 0; slot < values.length; slot++) {
      set(instance, slot, values[slot]);
    }
    return instance;
  }

  @Override
  public boolean tracksWrites() {
    return true;
  }

  /**
   * Whether any slot was marked since the last {@link #markClean}. Slots that {@link
   * #comparesAtFlush} can change unmarked; the session compares those itself, against what it
   * took at load or flush.
   */
  @Override
  public boolean isDirty(T instance) {
    return ((EnhancedEntity) instance).ergokv$hasDirty();
  }

  @Override
  public boolean comparesAtFlush(FieldModel field) {
    return compareAtFlush.get(field.slot());
  }

  @Override
  public boolean holdsUntrackedCollections(T instance) {
    EnhancedEntity entity = (EnhancedEntity) instance;
    for (int slot : wrappedSlots) {
      Object value = entity.ergokv$read(slot);
      if (value != null && !Tracking.isTracked(value, entity, slot)) {
        return true;
      }
    }
    return false;
  }

  /** Forgets the marks and (re)wraps collection slots, so in-place changes are seen from now. */
  @Override
  public void markClean(T instance) {
    ((EnhancedEntity) instance).ergokv$clearDirty();
  }

  @Override
  public void listen(T instance, ChangeListener listener) {
    ((EnhancedEntity) instance).ergokv$listen(listener);
  }

  @Override
  public String toString() {
    return "EnhancedAccess[" + type.getName() + "]";
  }
}
