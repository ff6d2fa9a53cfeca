package dev.ergokv.enhance;

import java.util.Comparator;
import java.util.SortedMap;

/** A sorted map that marks its slot dirty on every change made through it or its views. */
class TrackedSortedMap<K, V> extends TrackedMap<K, V> implements SortedMap<K, V> {

  private final SortedMap<K, V> sorted;

  TrackedSortedMap(SortedMap<K, V> delegate, SlotRef ref) {
    super(delegate, ref);
    this.sorted = delegate;
  }

  @Override
  public Comparator<? super K> comparator() {
    return sorted.comparator();
  }

  @Override
  public SortedMap<K, V> subMap(K fromKey, K toKey) {
    return new TrackedSortedMap<>(sorted.subMap(fromKey, toKey), ref);
  }

  @Override
  public SortedMap<K, V> headMap(K toKey) {
    return new TrackedSortedMap<>(sorted.headMap(toKey), ref);
  }

  @Override
  public SortedMap<K, V> tailMap(K fromKey) {
    return new TrackedSortedMap<>(sorted.tailMap(fromKey), ref);
  }

  @Override
  public K firstKey() {
    return sorted.firstKey();
  }

  @Override
  public K lastKey() {
    return sorted.lastKey();
  }
}
