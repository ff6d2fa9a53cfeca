package dev.ergokv.enhance;

import java.io.ObjectStreamException;
import java.io.Serializable;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/** A map that marks its slot dirty on every change made through it or its views. */
class TrackedMap<K, V> implements Map<K, V>, Tracked, Serializable {

  private static final long serialVersionUID = 1L;

  final Map<K, V> delegate;
  final transient SlotRef ref;

  TrackedMap(Map<K, V> delegate, SlotRef ref) {
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

  /** A serialized entity carries the plain map (see {@code TrackedCollection}). */
  protected final Object writeReplace() throws ObjectStreamException {
    return delegate;
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
  public boolean containsKey(Object key) {
    return delegate.containsKey(key);
  }

  @Override
  public boolean containsValue(Object value) {
    return delegate.containsValue(value);
  }

  @Override
  public V get(Object key) {
    return delegate.get(key);
  }

  @Override
  public V getOrDefault(Object key, V defaultValue) {
    return delegate.getOrDefault(key, defaultValue);
  }

  @Override
  public V put(K key, V value) {
    if (value != null) {
      // A non-null previous value equal to the new one is the only unchanged case.
      V previous = delegate.put(key, value);
      if (!value.equals(previous)) {
        ref.changed();
      }
      return previous;
    }
    Object before = snapshot(key);
    V previous = delegate.put(key, value);
    changedIfDiffers(before, key);
    return previous;
  }

  @Override
  public V remove(Object key) {
    Object before = snapshot(key);
    V removed = delegate.remove(key);
    changedIfDiffers(before, key);
    return removed;
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> m) {
    if (!m.isEmpty()) {
      delegate.putAll(m);
      ref.changed();
    }
  }

  @Override
  public void clear() {
    if (!delegate.isEmpty()) {
      delegate.clear();
      ref.changed();
    }
  }

  @Override
  public Set<K> keySet() {
    return new TrackedSet<>(delegate.keySet(), ref);
  }

  @Override
  public Collection<V> values() {
    return new TrackedCollection<>(delegate.values(), ref);
  }

  @Override
  public Set<Entry<K, V>> entrySet() {
    return new TrackedEntrySet<>(delegate.entrySet(), ref);
  }

  @Override
  public void forEach(BiConsumer<? super K, ? super V> action) {
    delegate.forEach(action);
  }

  @Override
  public void replaceAll(BiFunction<? super K, ? super V, ? extends V> function) {
    delegate.replaceAll(function);
    if (!delegate.isEmpty()) {
      ref.changed();
    }
  }

  @Override
  public V putIfAbsent(K key, V value) {
    Object before = snapshot(key);
    V previous = delegate.putIfAbsent(key, value);
    changedIfDiffers(before, key);
    return previous;
  }

  @Override
  public boolean remove(Object key, Object value) {
    return changedIf(delegate.remove(key, value));
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    return changedIf(delegate.replace(key, oldValue, newValue) && !Objects.equals(oldValue, newValue));
  }

  @Override
  public V replace(K key, V value) {
    Object before = snapshot(key);
    V previous = delegate.replace(key, value);
    changedIfDiffers(before, key);
    return previous;
  }

  @Override
  public V computeIfAbsent(K key, Function<? super K, ? extends V> mappingFunction) {
    Object before = snapshot(key);
    V result = delegate.computeIfAbsent(key, mappingFunction);
    changedIfDiffers(before, key);
    return result;
  }

  @Override
  public V computeIfPresent(
      K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
    Object before = snapshot(key);
    V result = delegate.computeIfPresent(key, remappingFunction);
    changedIfDiffers(before, key);
    return result;
  }

  @Override
  public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
    Object before = snapshot(key);
    V result = delegate.compute(key, remappingFunction);
    changedIfDiffers(before, key);
    return result;
  }

  @Override
  public V merge(
      K key, V value, BiFunction<? super V, ? super V, ? extends V> remappingFunction) {
    Object before = snapshot(key);
    V result = delegate.merge(key, value, remappingFunction);
    changedIfDiffers(before, key);
    return result;
  }

  /** Stands for "no mapping", which differs from a mapping to null. */
  private static final Object ABSENT = new Object();

  /** The value mapped to {@code key}, or {@link #ABSENT}. */
  private Object snapshot(Object key) {
    V value = delegate.get(key);
    return value != null || delegate.containsKey(key) ? value : ABSENT;
  }

  /**
   * Marks the slot when the mapping of {@code key} is no longer {@code before}. Values are
   * immutable (the enhancer wraps only maps of values), so {@code equals} is the right test, and
   * a single-key operation changes nothing else.
   */
  private void changedIfDiffers(Object before, Object key) {
    if (!Objects.equals(before, snapshot(key))) {
      ref.changed();
    }
  }

  private boolean changedIf(boolean changed) {
    if (changed) {
      ref.changed();
    }
    return changed;
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
