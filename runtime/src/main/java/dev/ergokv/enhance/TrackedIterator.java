package dev.ergokv.enhance;

import java.util.Iterator;
import java.util.function.Consumer;

/** An iterator whose {@code remove} marks the slot dirty. */
class TrackedIterator<E> implements Iterator<E> {

  final Iterator<E> delegate;
  final SlotRef ref;

  TrackedIterator(Iterator<E> delegate, SlotRef ref) {
    this.delegate = delegate;
    this.ref = ref;
  }

  @Override
  public boolean hasNext() {
    return delegate.hasNext();
  }

  @Override
  public E next() {
    return delegate.next();
  }

  @Override
  public void remove() {
    delegate.remove();
    ref.changed();
  }

  @Override
  public void forEachRemaining(Consumer<? super E> action) {
    delegate.forEachRemaining(action);
  }
}
