package dev.ergokv.enhance;

import java.io.ObjectStreamException;
import java.io.Serializable;
import java.util.Collection;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A collection that marks its slot dirty on every change made through it. */
class TrackedCollection<E> implements Collection<E>, Tracked, Serializable {

  private static final long serialVersionUID = 1L;

  final Collection<E> delegate;
  final transient SlotRef ref;

  TrackedCollection(Collection<E> delegate, SlotRef ref) {
    this.delegate = delegate;
    this.ref = ref;
  }

  @Override
  public final SlotRef ref() {
    return ref;
  }

  @Override
  public final Object delegate() {
    return delegate;
  }

  /**
   * A serialized entity carries the plain collection: tracking belongs to one instance in one
   * JVM, and a deserialized entity is tracked again once the runtime clears it.
   */
  protected final Object writeReplace() throws ObjectStreamException {
    return delegate;
  }

  /** Passes a mutator's result through, marking the slot when it reports a change. */
  final boolean changedIf(boolean changed) {
    if (changed) {
      ref.changed();
    }
    return changed;
  }

  @Override
  public int size() {
    return delegate.size();
  }

  @Override
  public boolean isEmpty() {
    return delegate.isEmpty();
  }

  @Override
  public boolean contains(Object o) {
    return delegate.contains(o);
  }

  @Override
  public Iterator<E> iterator() {
    return new TrackedIterator<>(delegate.iterator(), ref);
  }

  @Override
  public Object[] toArray() {
    return delegate.toArray();
  }

  @Override
  public <T> T[] toArray(T[] a) {
    return delegate.toArray(a);
  }

  @Override
  public <T> T[] toArray(IntFunction<T[]> generator) {
    return delegate.toArray(generator);
  }

  @Override
  public boolean add(E e) {
    return changedIf(delegate.add(e));
  }

  @Override
  public boolean remove(Object o) {
    return changedIf(delegate.remove(o));
  }

  @Override
  public boolean containsAll(Collection<?> c) {
    return delegate.containsAll(c);
  }

  @Override
  public boolean addAll(Collection<? extends E> c) {
    return changedIf(delegate.addAll(c));
  }

  @Override
  public boolean removeAll(Collection<?> c) {
    return changedIf(delegate.removeAll(c));
  }

  @Override
  public boolean removeIf(Predicate<? super E> filter) {
    return changedIf(delegate.removeIf(filter));
  }

  @Override
  public boolean retainAll(Collection<?> c) {
    return changedIf(delegate.retainAll(c));
  }

  @Override
  public void clear() {
    if (!delegate.isEmpty()) {
      delegate.clear();
      ref.changed();
    }
  }

  // Spliterators, streams and forEach cannot change the collection: no wrapping needed.
  @Override
  public Spliterator<E> spliterator() {
    return delegate.spliterator();
  }

  @Override
  public Stream<E> stream() {
    return delegate.stream();
  }

  @Override
  public Stream<E> parallelStream() {
    return delegate.parallelStream();
  }

  @Override
  public void forEach(Consumer<? super E> action) {
    delegate.forEach(action);
  }

  @Override
  public boolean equals(Object o) {
    return o == this || delegate.equals(o);
  }

  @Override
  public int hashCode() {
    return delegate.hashCode();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
