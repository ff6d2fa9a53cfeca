package dev.ergokv.enhance;

import java.util.Iterator;
import java.util.NavigableSet;

/** A navigable set that marks its slot dirty on every change made through it or its views. */
final class TrackedNavigableSet<E> extends TrackedSortedSet<E> implements NavigableSet<E> {

  private final NavigableSet<E> navigable;

  TrackedNavigableSet(NavigableSet<E> delegate, SlotRef ref) {
    super(delegate, ref);
    this.navigable = delegate;
  }

  @Override
  public E lower(E e) {
    return navigable.lower(e);
  }

  @Override
  public E floor(E e) {
    return navigable.floor(e);
  }

  @Override
  public E ceiling(E e) {
    return navigable.ceiling(e);
  }

  @Override
  public E higher(E e) {
    return navigable.higher(e);
  }

  @Override
  public E pollFirst() {
    boolean empty = navigable.isEmpty();
    E first = navigable.pollFirst();
    changedIf(!empty);
    return first;
  }

  @Override
  public E pollLast() {
    boolean empty = navigable.isEmpty();
    E last = navigable.pollLast();
    changedIf(!empty);
    return last;
  }

  @Override
  public NavigableSet<E> descendingSet() {
    return new TrackedNavigableSet<>(navigable.descendingSet(), ref);
  }

  @Override
  public Iterator<E> descendingIterator() {
    return new TrackedIterator<>(navigable.descendingIterator(), ref);
  }

  @Override
  public NavigableSet<E> subSet(
      E fromElement, boolean fromInclusive, E toElement, boolean toInclusive) {
    return new TrackedNavigableSet<>(
        navigable.subSet(fromElement, fromInclusive, toElement, toInclusive), ref);
  }

  @Override
  public NavigableSet<E> headSet(E toElement, boolean inclusive) {
    return new TrackedNavigableSet<>(navigable.headSet(toElement, inclusive), ref);
  }

  @Override
  public NavigableSet<E> tailSet(E fromElement, boolean inclusive) {
    return new TrackedNavigableSet<>(navigable.tailSet(fromElement, inclusive), ref);
  }
}
