package dev.ergokv.enhance;

import java.util.Set;

/** A set that marks its slot dirty on every change made through it. */
class TrackedSet<E> extends TrackedCollection<E> implements Set<E> {

  TrackedSet(Set<E> delegate, SlotRef ref) {
    super(delegate, ref);
  }
}
