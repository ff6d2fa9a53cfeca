package dev.ergokv.enhance;

import java.util.BitSet;

/**
 * Implemented (declared, not merely inherited) by every enhanced {@code @Entity} and {@code
 * @MappedSuperclass} class. <strong>For enhanced code and the runtime, not for users.</strong>
 *
 * <p>A <em>slot</em> is a persistent field's 0-based position in the canonical field order: the
 * fields of the topmost mapped superclass first, down to the entity class; within one class the
 * non-static, non-synthetic fields that are neither {@code transient} nor {@code @Transient},
 * sorted by name. {@link Enhanced#fields()} lists them.
 *
 * <p>The dirty set is one per instance, shared by all classes of the hierarchy. Every write to a
 * persistent field outside a constructor that changes its value (primitives by value, immutable
 * values by {@code equals}, everything else by identity) marks its slot, as does an in-place
 * change of a tracked collection or map. Constructors are left alone: a new instance has no
 * stored state to be dirty against. Method names carry a {@code ergokv$} prefix so they cannot
 * clash with the application's own.
 *
 * <p>Generated {@code ergokv$markDirty} is {@code dirty = Tracking.mark(this, listener, dirty,
 * slot)}, on the synthetic fields of the topmost enhanced class.
 */
public interface EnhancedEntity {

  /**
   * The value of the field at {@code slot}, primitives boxed.
   *
   * @throws IndexOutOfBoundsException when the class has no such slot
   */
  Object ergokv$read(int slot);

  /**
   * Sets the field at {@code slot} without marking it dirty (the runtime uses it to load). The
   * value is cast to the field type; primitives are unboxed.
   *
   * @throws IndexOutOfBoundsException when the class has no such slot
   * @throws ClassCastException when {@code value} does not fit the field
   * @throws NullPointerException when {@code value} is null for a primitive field
   */
  void ergokv$write(int slot, Object value);

  /** Marks {@code slot} dirty. */
  void ergokv$markDirty(int slot);

  /** Whether {@code slot} was marked since the last {@link #ergokv$clearDirty()}. */
  boolean ergokv$isDirty(int slot);

  /**
   * Whether any slot was marked since the last {@link #ergokv$clearDirty()}. Slots tracked as
   * {@link SlotTracking#COMPARE_AT_FLUSH} can change without being marked.
   */
  boolean ergokv$hasDirty();

  /** A copy of the dirty set: bit {@code i} is set when slot {@code i} is dirty. */
  BitSet ergokv$dirtySlots();

  /**
   * Forgets every mark and starts tracking in-place changes: the value of every {@linkplain
   * SlotTracking#isWrapped() wrapped} slot that is not yet this instance's tracked wrapper is
   * replaced by one ({@link Tracking#wrap}). The runtime calls it after loading an instance and
   * after each flush.
   */
  void ergokv$clearDirty();

  /**
   * Sets the listener this instance tells, through {@link Tracking#mark(EnhancedEntity,
   * ChangeListener, long[], int)}, of its first mark after each {@link #ergokv$clearDirty()};
   * {@code null} for none. One listener at a time: the last one set. {@code Object.clone()}
   * copies it.
   */
  void ergokv$listen(ChangeListener listener);
}
