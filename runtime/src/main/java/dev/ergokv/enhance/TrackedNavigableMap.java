package dev.ergokv.enhance;

import java.util.NavigableMap;
import java.util.NavigableSet;

/**
 * A navigable map that marks its slot dirty on every change made through it or its views. The
 * entries its navigation methods return are immutable snapshots ({@code TreeMap}'s contract), so
 * they need no wrapping.
 */
final class TrackedNavigableMap<K, V> extends TrackedSortedMap<K, V>
    implements NavigableMap<K, V> {

  private final NavigableMap<K, V> navigable;

  TrackedNavigableMap(NavigableMap<K, V> delegate, SlotRef ref) {
    super(delegate, ref);
    this.navigable = delegate;
  }

  @Override
  public Entry<K, V> lowerEntry(K key) {
    return navigable.lowerEntry(key);
  }

  @Override
  public K lowerKey(K key) {
    return navigable.lowerKey(key);
  }

  @Override
  public Entry<K, V> floorEntry(K key) {
    return navigable.floorEntry(key);
  }

  @Override
  public K floorKey(K key) {
    return navigable.floorKey(key);
  }

  @Override
  public Entry<K, V> ceilingEntry(K key) {
    return navigable.ceilingEntry(key);
  }

  @Override
  public K ceilingKey(K key) {
    return navigable.ceilingKey(key);
  }

  @Override
  public Entry<K, V> higherEntry(K key) {
    return navigable.higherEntry(key);
  }

  @Override
  public K higherKey(K key) {
    return navigable.higherKey(key);
  }

  @Override
  public Entry<K, V> firstEntry() {
    return navigable.firstEntry();
  }

  @Override
  public Entry<K, V> lastEntry() {
    return navigable.lastEntry();
  }

  @Override
  public Entry<K, V> pollFirstEntry() {
    Entry<K, V> first = navigable.pollFirstEntry();
    if (first != null) {
      ref.changed();
    }
    return first;
  }

  @Override
  public Entry<K, V> pollLastEntry() {
    Entry<K, V> last = navigable.pollLastEntry();
    if (last != null) {
      ref.changed();
    }
    return last;
  }

  @Override
  public NavigableMap<K, V> descendingMap() {
    return new TrackedNavigableMap<>(navigable.descendingMap(), ref);
  }

  @Override
  public NavigableSet<K> navigableKeySet() {
    return new TrackedNavigableSet<>(navigable.navigableKeySet(), ref);
  }

  @Override
  public NavigableSet<K> descendingKeySet() {
    return new TrackedNavigableSet<>(navigable.descendingKeySet(), ref);
  }

  @Override
  public NavigableMap<K, V> subMap(K fromKey, boolean fromInclusive, K toKey, boolean toInclusive) {
    return new TrackedNavigableMap<>(
        navigable.subMap(fromKey, fromInclusive, toKey, toInclusive), ref);
  }

  @Override
  public NavigableMap<K, V> headMap(K toKey, boolean inclusive) {
    return new TrackedNavigableMap<>(navigable.headMap(toKey, inclusive), ref);
  }

  @Override
  public NavigableMap<K, V> tailMap(K fromKey, boolean inclusive) {
    return new TrackedNavigableMap<>(navigable.tailMap(fromKey, inclusive), ref);
  }
}
