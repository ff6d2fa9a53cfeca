package dev.ergokv.enhance;

/**
 * How the enhancer keeps track of changes to one persistent field, decided from the field's
 * declared type and visibility. <strong>For enhanced code and the runtime, not for users.</strong>
 *
 * <p>Every slot is marked dirty when its field is assigned a different value. The kinds differ in
 * what else can change the stored form without such an assignment.
 */
public enum SlotTracking {

  /**
   * An immutable value (primitive, boxed primitive, {@code String}, {@code UUID}, enum, {@code
   * BigInteger}, {@code BigDecimal}, {@code java.time} value, {@code Optional} of one, or a record
   * made only of such values) in a {@code private} field. Only assignments change it, and the
   * enhancer sees them all: the dirty bit is exact.
   */
  VALUE,

  /** A {@code Collection} of values, kept in a tracked wrapper between flushes. */
  COLLECTION,

  /** A {@code List} of values, kept in a tracked wrapper between flushes. */
  LIST,

  /** A {@code Set} of values, kept in a tracked wrapper between flushes. */
  SET,

  /** A {@code SortedSet} of values, kept in a tracked wrapper between flushes. */
  SORTED_SET,

  /** A {@code NavigableSet} of values, kept in a tracked wrapper between flushes. */
  NAVIGABLE_SET,

  /** A {@code Map} from values to values, kept in a tracked wrapper between flushes. */
  MAP,

  /** A {@code SortedMap} from values to values, kept in a tracked wrapper between flushes. */
  SORTED_MAP,

  /** A {@code NavigableMap} from values to values, kept in a tracked wrapper between flushes. */
  NAVIGABLE_MAP,

  /**
   * The enhancer cannot see every change: a mutable type (array, {@code byte[]}, a concrete
   * collection class, a collection of mutable elements, a mutable value class, {@code Date}...) or
   * a field that is not {@code private} (code outside the entity may assign it). The runtime must
   * compare this slot's encoded form with the one taken at load, whatever the dirty bit says.
   */
  COMPARE_AT_FLUSH;

  /** Whether values of this slot are replaced by a tracked wrapper after each flush. */
  public boolean isWrapped() {
    return this != VALUE && this != COMPARE_AT_FLUSH;
  }
}
