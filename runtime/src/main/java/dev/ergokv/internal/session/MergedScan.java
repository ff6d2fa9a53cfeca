package dev.ergokv.internal.session;

import dev.ergokv.internal.session.WriteSet.Op;
import dev.ergokv.internal.session.WriteSet.Write;
import dev.ergokv.internal.txn.KvScan;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A snapshot scan with this transaction's writes laid over it, in key order: written keys replace
 * or add entries, deleted keys hide them. The writes are a copy taken when the scan began, so
 * writing while iterating neither disturbs the scan nor shows up in it.
 */
final class MergedScan implements Iterator<Map.Entry<byte[], byte[]>>, AutoCloseable {

  private final KvScan snapshot;
  private final Iterator<Write> overlay;
  private Map.Entry<byte[], byte[]> snapshotHead;
  private Write overlayHead;
  private Map.Entry<byte[], byte[]> next;

  MergedScan(KvScan snapshot, List<Write> overlay) {
    this.snapshot = snapshot;
    this.overlay = overlay.iterator();
    this.snapshotHead = snapshot.hasNext() ? snapshot.next() : null;
    this.overlayHead = advanceOverlay();
  }

  @Override
  public boolean hasNext() {
    while (next == null && (snapshotHead != null || overlayHead != null)) {
      int order =
          snapshotHead == null
              ? 1
              : overlayHead == null ? -1 : Arrays.compareUnsigned(snapshotHead.getKey(), overlayHead.key);
      if (order < 0) {
        next = snapshotHead;
        snapshotHead = snapshot.hasNext() ? snapshot.next() : null;
        continue;
      }
      Write write = overlayHead;
      overlayHead = advanceOverlay();
      if (order == 0) {
        Map.Entry<byte[], byte[]> shadowed = snapshotHead;
        snapshotHead = snapshot.hasNext() ? snapshot.next() : null;
        if (write.op == Op.LOCK) {
          next = shadowed;
          continue;
        }
      }
      if (write.writesValue()) {
        next = new SimpleImmutableEntry<>(write.key, write.value);
      }
    }
    return next != null;
  }

  @Override
  public Map.Entry<byte[], byte[]> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Map.Entry<byte[], byte[]> result = next;
    next = null;
    return result;
  }

  private Write advanceOverlay() {
    return overlay.hasNext() ? overlay.next() : null;
  }

  @Override
  public void close() {
    snapshot.close();
  }
}
