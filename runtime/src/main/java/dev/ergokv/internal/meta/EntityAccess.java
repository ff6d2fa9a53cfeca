package dev.ergokv.internal.meta;

import dev.ergokv.enhance.ChangeListener;

/**
 * Reads, writes and creates instances of one entity or nested value class by field slot, and
 * reports which instances changed.
 *
 * <p>This is the seam between the two ways ErgoKV works with a class:
 *
 * <ul>
 *   <li>un-enhanced classes and records use {@link ReflectiveAccess}: method handles resolved once
 *       per class, and no write tracking ({@link #tracksWrites()} is false), so the transaction
 *       layer detects changes by comparing the current encoding with the one taken at load;
 *   <li>classes woven by the enhancer (they declare the {@code dev.ergokv.enhance.Enhanced} stamp
 *       and implement {@code EnhancedEntity}) get {@link EnhancedAccess}, which calls their
 *       generated slot accessors and reads their dirty sets. {@link EntityAccesses#select} is the
 *       one place that chooses.
 * </ul>
 *
 * <p>Slots are positions in the canonical field order ({@link EntityModel}). Values are boxed;
 * a primitive field is never set to null. Implementations are immutable and thread-safe.
 *
 * @param <T> the entity or value class
 */
public interface EntityAccess<T> {

  /** The value of the field at {@code slot} (boxed for primitives). */
  Object get(T instance, int slot);

  /**
   * Sets the field at {@code slot}. Not available for records, which are created whole by {@link
   * #construct}.
   *
   * @throws UnsupportedOperationException for records
   * @throws IllegalArgumentException when {@code value} is null for a primitive field
   */
  void set(T instance, int slot, Object value);

  /**
   * A new instance from the class's no-arg constructor, its fields holding whatever that
   * constructor set (the defaults for fields missing from a stored document).
   *
   * @throws UnsupportedOperationException for records
   */
  T newInstance();

  /**
   * A new instance holding {@code values}, indexed by slot: for records through the canonical
   * constructor, for classes by {@link #newInstance()} followed by a {@link #set} of every slot.
   * Primitive slots must not be null.
   */
  T construct(Object[] values);

  /**
   * Whether instances record their own field writes (enhanced classes). When false, {@link
   * #isDirty} and {@link #markClean} are unavailable and callers compare encodings instead.
   */
  boolean tracksWrites();

  /**
   * Whether any field of {@code instance} was written since the last {@link #markClean}. Fields
   * for which {@link #comparesAtFlush} holds can change without a recorded write; callers must
   * still compare those.
   *
   * @throws UnsupportedOperationException when {@link #tracksWrites()} is false
   */
  boolean isDirty(T instance);

  /**
   * Whether {@code field} can change without a write this access records, so that a change check
   * must compare its content even when {@link #isDirty} is false. The default answers by type
   * (mutable types: collections, arrays, value classes); an enhanced access answers from what the
   * enhancer tracked (e.g. {@code EnhancedClass.compareAtFlushSlots()}). Only asked when {@link
   * #tracksWrites()} is true.
   */
  default boolean comparesAtFlush(FieldModel field) {
    return !field.type().isImmutable();
  }

  /**
   * Forgets the writes recorded so far on {@code instance}.
   *
   * @throws UnsupportedOperationException when {@link #tracksWrites()} is false
   */
  void markClean(T instance);

  /**
   * Whether a collection or map slot of {@code instance} holds a value that is not yet its own
   * tracked wrapper: one the application assigned (or a constructor set), which {@link #markClean}
   * is about to wrap. The application may still hold a reference to it, and changes through that
   * reference bypass the wrapper, so the session compares such an instance at every later flush.
   */
  default boolean holdsUntrackedCollections(T instance) {
    return false;
  }

  /**
   * Has {@code instance} tell {@code listener} of its first recorded write after each {@link
   * #markClean} (replacing any listener it had; {@code null} for none).
   *
   * @throws UnsupportedOperationException when {@link #tracksWrites()} is false
   */
  default void listen(T instance, ChangeListener listener) {
    throw new UnsupportedOperationException(this + " does not record writes");
  }
}
