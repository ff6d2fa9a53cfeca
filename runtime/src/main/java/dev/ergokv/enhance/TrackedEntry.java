package dev.ergokv.enhance;

import java.util.Map;
import java.util.Objects;

/** A map entry whose {@code setValue} marks the slot dirty. */
final class TrackedEntry<K, V> implements Map.Entry<K, V> {

  private final Map.Entry<K, V> delegate;
  private final SlotRef ref;

  TrackedEntry(Map.Entry<K, V> delegate, SlotRef ref) {
    this.delegate = delegate;
    this.ref = ref;
  }

  @Override
  public K getKey() {
    return delegate.getKey();
  }

  @Override
  public V getValue() {
    return delegate.getValue();
  }

  @Override
  public V setValue(V value) {
    V previous = delegate.setValue(value);
    if (!Objects.equals(previous, value)) {
      ref.changed();
    }
    return previous;
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
