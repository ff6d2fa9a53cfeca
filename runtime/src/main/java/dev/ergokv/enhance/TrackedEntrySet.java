package dev.ergokv.enhance;

import java.lang.reflect.Array;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A map's entry set whose entries are handed out wrapped, so that {@code Entry.setValue} is seen
 * whichever way they are reached (iterator, stream, forEach, toArray).
 */
final class TrackedEntrySet<K, V> extends TrackedSet<Map.Entry<K, V>> {

  TrackedEntrySet(Set<Map.Entry<K, V>> delegate, SlotRef ref) {
    super(delegate, ref);
  }

  @Override
  public Iterator<Map.Entry<K, V>> iterator() {
    return new TrackedIterator<>(delegate.iterator(), ref) {
      @Override
      public Map.Entry<K, V> next() {
        return new TrackedEntry<>(delegate.next(), ref);
      }

      @Override
      public void forEachRemaining(Consumer<? super Map.Entry<K, V>> action) {
        delegate.forEachRemaining(entry -> action.accept(new TrackedEntry<>(entry, ref)));
      }
    };
  }

  @Override
  public Object[] toArray() {
    Object[] entries = new Object[size()];
    int i = 0;
    for (Map.Entry<K, V> entry : this) {
      entries[i++] = entry;
    }
    return entries;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T[] toArray(T[] a) {
    Object[] entries = toArray();
    T[] target =
        a.length >= entries.length
            ? a
            : (T[]) Array.newInstance(a.getClass().getComponentType(), entries.length);
    System.arraycopy(entries, 0, target, 0, entries.length);
    if (target.length > entries.length) {
      target[entries.length] = null;
    }
    return target;
  }

  @Override
  public <T> T[] toArray(IntFunction<T[]> generator) {
    return toArray(generator.apply(0));
  }

  @Override
  public Spliterator<Map.Entry<K, V>> spliterator() {
    return Spliterators.spliterator(this, Spliterator.DISTINCT);
  }

  @Override
  public Stream<Map.Entry<K, V>> stream() {
    return StreamSupport.stream(spliterator(), false);
  }

  @Override
  public Stream<Map.Entry<K, V>> parallelStream() {
    return StreamSupport.stream(spliterator(), true);
  }

  @Override
  public void forEach(Consumer<? super Map.Entry<K, V>> action) {
    delegate.forEach(entry -> action.accept(new TrackedEntry<>(entry, ref)));
  }
}
