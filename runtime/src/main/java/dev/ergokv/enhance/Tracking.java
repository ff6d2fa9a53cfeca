package dev.ergokv.enhance;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.RandomAccess;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * Helpers called by enhanced classes, and the collection wrappers that report in-place changes.
 * <strong>For enhanced code and the runtime, not for users.</strong>
 *
 * <h2>Dirty sets</h2>
 *
 * <p>An enhanced hierarchy keeps its dirty set in one synthetic {@code long[]} field of its topmost
 * enhanced class: {@code null} while clean, bit {@code i} of word {@code i / 64} for slot {@code i}.
 * Marking copies the array instead of changing it, so an instance made by {@code Object.clone()}
 * never shares marks with its original.
 *
 * <h2>Collections and maps</h2>
 *
 * <p>Fields tracked as a {@linkplain SlotTracking#isWrapped() wrapped} kind hold, between flushes,
 * a wrapper around the real collection that marks the slot dirty on every change made through it:
 * {@code add}, {@code remove}, {@code clear}, iterator and list-iterator {@code remove}/{@code
 * set}/{@code add}, {@code set}, {@code sort}, {@code put}, {@code compute}..., and changes through
 * views ({@code subList}, {@code keySet}, {@code values}, {@code entrySet} and {@code
 * Entry.setValue}, sub-sets and sub-maps). Reads pass straight through; {@code equals}, {@code
 * hashCode} and {@code toString} are the wrapped collection's.
 *
 * <p>The wrapper is installed by {@link EnhancedEntity#ergokv$clearDirty()}, i.e. after load and
 * after each flush. A collection the application assigns to the field marks the slot dirty (the
 * assignment is seen) and is stored as is until the next flush, which encodes it anyway; only then
 * is it wrapped. Changes made afterwards through a reference to that collection kept from before
 * bypass the wrapper; the runtime therefore compares such an instance's encoding at every later
 * flush of its transaction, so they are stored all the same.
 */
public final class Tracking {

  private Tracking() {}

  /**
   * The dirty set {@code bits} with {@code slot} added; {@code bits} itself when it already holds
   * it.
   */
  public static long[] mark(long[] bits, int slot) {
    if (slot < 0) {
      throw new IndexOutOfBoundsException("slot " + slot);
    }
    int word = slot >>> 6;
    long bit = 1L << slot;
    if (bits != null && word < bits.length && (bits[word] & bit) != 0) {
      return bits;
    }
    long[] marked =
        bits == null ? new long[word + 1] : Arrays.copyOf(bits, Math.max(bits.length, word + 1));
    marked[word] |= bit;
    return marked;
  }

  /**
   * {@link #mark(long[], int)}, and tells {@code listener} (when there is one) that {@code entity}
   * was clean until now. Called by generated {@code ergokv$markDirty}.
   */
  public static long[] mark(
      EnhancedEntity entity, ChangeListener listener, long[] bits, int slot) {
    long[] marked = mark(bits, slot);
    if (bits == null && listener != null) {
      listener.changed(entity);
    }
    return marked;
  }

  /** Whether the dirty set {@code bits} holds {@code slot}. Called by generated code. */
  public static boolean isMarked(long[] bits, int slot) {
    int word = slot >>> 6;
    return slot >= 0 && bits != null && word < bits.length && (bits[word] & (1L << slot)) != 0;
  }

  /** Whether the dirty set {@code bits} holds any slot. Called by generated code. */
  public static boolean anyMarked(long[] bits) {
    return bits != null;
  }

  /** A {@link BitSet} copy of the dirty set {@code bits}. Called by generated code. */
  public static BitSet toBitSet(long[] bits) {
    return bits == null ? new BitSet() : BitSet.valueOf(bits);
  }

  /**
   * The exception generated {@code ergokv$read}/{@code ergokv$write} throw for a slot their class
   * hierarchy does not have.
   */
  public static IndexOutOfBoundsException noSuchSlot(Object entity, int slot) {
    return new IndexOutOfBoundsException(
        entity.getClass().getName() + " has no persistent field at slot " + slot);
  }

  /**
   * Wraps every {@linkplain SlotTracking#isWrapped() wrapped} slot of {@code entity} that does not
   * already hold its own tracked wrapper. Called by generated {@code ergokv$clearDirty}.
   */
  public static void track(EnhancedEntity entity) {
    EnhancedClass type = EnhancedClass.of(entity.getClass()).orElse(null);
    if (type == null) {
      // A subclass the enhancer never saw (e.g. a mock or proxy): its inherited slots are still
      // tracked by assignment, but it has no stamp to say which hold collections.
      return;
    }
    for (int slot : type.wrappedSlots()) {
      Object value = entity.ergokv$read(slot);
      Object wrapped = wrap(type.tracking(slot), entity, slot, value);
      if (wrapped != value) {
        entity.ergokv$write(slot, wrapped);
      }
    }
  }

  /**
   * {@code value} in a wrapper that marks {@code slot} of {@code owner} dirty on every in-place
   * change, chosen by the slot's {@link SlotTracking}; {@code value} itself when it is null, is
   * already that wrapper, or the slot is not a wrapped kind. A wrapper belonging to another owner
   * or slot is replaced by a new one around the same collection.
   *
   * @throws IllegalArgumentException when {@code owner}'s class is not enhanced
   */
  public static Object wrap(EnhancedEntity owner, int slot, Object value) {
    EnhancedClass type =
        EnhancedClass.of(owner.getClass())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        owner.getClass().getName() + " carries no @Enhanced stamp"));
    return wrap(type.tracking(slot), owner, slot, value);
  }

  /** Whether {@code value} is the tracked wrapper of {@code slot} of {@code owner}. */
  public static boolean isTracked(Object value, EnhancedEntity owner, int slot) {
    return value instanceof Tracked && ((Tracked) value).ref().is(owner, slot);
  }

  /** The collection or map inside a tracked wrapper; anything else unchanged. */
  public static Object unwrap(Object value) {
    return value instanceof Tracked ? ((Tracked) value).delegate() : value;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object wrap(SlotTracking tracking, EnhancedEntity owner, int slot, Object value) {
    if (value == null || !tracking.isWrapped() || isTracked(value, owner, slot)) {
      return value;
    }
    Object raw = unwrap(value);
    SlotRef ref = new SlotRef(owner, slot);
    switch (tracking) {
      case COLLECTION:
        return new TrackedCollection<>((Collection) raw, ref);
      case LIST:
        return raw instanceof RandomAccess
            ? new TrackedList.RandomAccessList<>((List) raw, ref)
            : new TrackedList<>((List) raw, ref);
      case SET:
        return new TrackedSet<>((Set) raw, ref);
      case SORTED_SET:
        return new TrackedSortedSet<>((SortedSet) raw, ref);
      case NAVIGABLE_SET:
        return new TrackedNavigableSet<>((NavigableSet) raw, ref);
      case MAP:
        return new TrackedMap<>((Map) raw, ref);
      case SORTED_MAP:
        return new TrackedSortedMap<>((SortedMap) raw, ref);
      case NAVIGABLE_MAP:
        return new TrackedNavigableMap<>((NavigableMap) raw, ref);
      default:
        throw new AssertionError(tracking);
    }
  }
}
