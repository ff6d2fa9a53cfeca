package dev.ergokv.localcluster.internal.embedded;

import java.util.Arrays;
import java.util.Collection;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serializes write commands per key, like TiKV's latches: a command holds the stripes of all its
 * keys for its whole read-check-write. Stripes are taken in index order, so commands never
 * deadlock. Reads take no latch.
 */
final class Latches {

  private final ReentrantLock[] stripes;

  Latches(int count) {
    stripes = new ReentrantLock[count];
    for (int i = 0; i < count; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /** A held set of stripes; close releases them. */
  interface Guard extends AutoCloseable {
    @Override
    void close();
  }

  Guard acquire(Collection<byte[]> keys) {
    int[] indexes = new int[keys.size()];
    int n = 0;
    for (byte[] key : keys) {
      indexes[n++] = Math.floorMod(Arrays.hashCode(key), stripes.length);
    }
    Arrays.sort(indexes);
    int distinct = 0;
    for (int i = 0; i < n; i++) {
      if (i == 0 || indexes[i] != indexes[i - 1]) {
        indexes[distinct++] = indexes[i];
      }
    }
    int[] held = Arrays.copyOf(indexes, distinct);
    for (int index : held) {
      stripes[index].lock();
    }
    return () -> {
      for (int i = held.length - 1; i >= 0; i--) {
        stripes[held[i]].unlock();
      }
    };
  }
}
