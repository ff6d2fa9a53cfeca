package dev.ergokv.enhance;

import java.util.ListIterator;
import java.util.Objects;

/** A list iterator whose {@code remove}, {@code set} and {@code add} mark the slot dirty. */
final class TrackedListIterator<E> extends TrackedIterator<E> implements ListIterator<E> {

  private final ListIterator<E> list;
  private E last;

  TrackedListIterator(ListIterator<E> delegate, SlotRef ref) {
    super(delegate, ref);
    this.list = delegate;
  }

  @Override
  public E next() {
    last = list.next();
    return last;
  }

  @Override
  public boolean hasPrevious() {
    return list.hasPrevious();
  }

  @Override
  public E previous() {
    last = list.previous();
    return last;
  }

  @Override
  public int nextIndex() {
    return list.nextIndex();
  }

  @Override
  public int previousIndex() {
    return list.previousIndex();
  }

  @Override
  public void set(E element) {
    list.set(element);
    if (!Objects.equals(last, element)) {
      ref.changed();
    }
    last = element;
  }

  @Override
  public void add(E element) {
    list.add(element);
    ref.changed();
  }
}
