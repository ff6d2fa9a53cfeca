package dev.ergokv.internal.session;

import dev.ergokv.internal.session.WriteSet.Op;
import dev.ergokv.internal.session.WriteSet.Write;
import dev.ergokv.internal.txn.KvScan;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A snapshot scan with this transaction's writes laid over it, in key order: written keys replace
 * or add entries, deleted keys hide them. The writes are a copy taken when the scan began, so
 * writing while iterating neither disturbs the scan nor shows up in it.
 *
 * <p>The copy is of each write's state, not of the {@link Write} objects: the write set changes
 * those in place (a unique key given up before the scan and taken by another entity during it
 * turns from a delete into a put), and a scan that followed them would meet an entity it had
 * already returned a second time, under the key it just took.
 */
final class MergedScan implements Iterator<Map.Entry<byte[], byte[]>>, AutoCloseable {

  private final KvScan snapshot;
  private final Iterator<Overlay> overlay;
  private Map.Entry<byte[], byte[]> snapshotHead;
  private Overlay overlayHead;
  private Map.Entry<byte[], byte[]> next;

  /** The state of one write as the scan began. */
  private static final class Overlay {
    final byte[] key;
    final Op op;
    final byte[] value;

    Overlay(Write write) {
      this.key = write.key;
      this.op = write.op;
      this.value = write.value;
    }

    boolean writesValue() {
      return op == Op.PUT || op == Op.INSERT;
    }
  }

  /** {@code overlay}: the writes in the scanned range, in key order, copied here. */
  MergedScan(KvScan snapshot, Collection<Write> overlay) {
    this.snapshot = snapshot;
    List<Overlay> copy = new ArrayList<>(overlay.size());
    for (Write write : overlay) {
      copy.add(new Overlay(write));
    }
    this.overlay = copy.iterator();
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
      Overlay write = overlayHead;
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

  private Overlay advanceOverlay() {
    return overlay.hasNext() ? overlay.next() : null;
  }

  @Override
  public void close() {
    snapshot.close();
  }
}
