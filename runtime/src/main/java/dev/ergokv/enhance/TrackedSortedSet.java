package dev.ergokv.enhance;

import java.util.Comparator;
import java.util.SortedSet;

/** A sorted set that marks its slot dirty on every change made through it or its views. */
class TrackedSortedSet<E> extends TrackedSet<E> implements SortedSet<E> {

  private final SortedSet<E> sorted;

  TrackedSortedSet(SortedSet<E> delegate, SlotRef ref) {
    super(delegate, ref);
    this.sorted = delegate;
  }

  @Override
  public Comparator<? super E> comparator() {
    return sorted.comparator();
  }

  @Override
  public SortedSet<E> subSet(E fromElement, E toElement) {
    return new TrackedSortedSet<>(sorted.subSet(fromElement, toElement), ref);
  }

  @Override
  public SortedSet<E> headSet(E toElement) {
    return new TrackedSortedSet<>(sorted.headSet(toElement), ref);
  }

  @Override
  public SortedSet<E> tailSet(E fromElement) {
    return new TrackedSortedSet<>(sorted.tailSet(fromElement), ref);
  }

  @Override
  public E first() {
    return sorted.first();
  }

  @Override
  public E last() {
    return sorted.last();
  }
}
