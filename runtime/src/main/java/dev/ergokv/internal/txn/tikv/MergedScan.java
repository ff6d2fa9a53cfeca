package dev.ergokv.internal.txn.tikv;

import dev.ergokv.internal.txn.KvScan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A key-ordered scan of the snapshot merged with the transaction's own writes (as they were when
 * the scan began): buffered values replace or add rows, buffered deletes hide them, lock-only keys
 * show the snapshot's row. Snapshot pages are fetched lazily, one region at a time. Not
 * thread-safe.
 */
final class MergedScan implements KvScan {

  private final SnapshotReader reader;
  private final byte[] to;
  private final int pageSize;
  private final List<Map.Entry<byte[], WriteBuffer.Write>> buffered;
  private final int hiding;
  private int bufferedIndex;
  private long remaining;

  private Iterator<Map.Entry<byte[], byte[]>> page = Collections.emptyIterator();
  private Map.Entry<byte[], byte[]> snapshotHead;
  private byte[] nextPageStart;
  private Map.Entry<byte[], byte[]> next;
  private boolean closed;

  MergedScan(SnapshotReader reader, WriteBuffer buffer, byte[] from, byte[] to, int pageSize, long limit) {
    if (pageSize <= 0) {
      throw new IllegalArgumentException("page size must be positive: " + pageSize);
    }
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
    this.reader = reader;
    this.to = to;
    this.pageSize = pageSize;
    this.remaining = limit;
    this.buffered = new ArrayList<>(buffer.range(from, to).entrySet());
    int hidden = 0;
    for (Map.Entry<byte[], WriteBuffer.Write> e : buffered) {
      if (!e.getValue().hasValue()) {
        hidden++;
      }
    }
    this.hiding = hidden;
    boolean empty = to.length > 0 && Keys.ORDER.compare(from, to) >= 0;
    this.nextPageStart = empty ? null : from;
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (closed || remaining <= 0) {
      return false;
    }
    next = advance();
    return next != null;
  }

  @Override
  public Map.Entry<byte[], byte[]> next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the scan has no more entries");
    }
    Map.Entry<byte[], byte[]> out = next;
    next = null;
    remaining--;
    return out;
  }

  @Override
  public void close() {
    closed = true;
    next = null;
  }

  private Map.Entry<byte[], byte[]> advance() {
    while (true) {
      Map.Entry<byte[], byte[]> snap = peekSnapshot();
      Map.Entry<byte[], WriteBuffer.Write> mine = bufferedIndex < buffered.size() ? buffered.get(bufferedIndex) : null;
      if (snap == null && mine == null) {
        return null;
      }
      int order = snap == null ? 1 : mine == null ? -1 : Keys.ORDER.compare(snap.getKey(), mine.getKey());
      if (order < 0) {
        snapshotHead = null;
        return snap;
      }
      bufferedIndex++;
      if (order == 0) {
        snapshotHead = null;
      }
      WriteBuffer.Write write = mine.getValue();
      if (write.hasValue()) {
        return Map.entry(mine.getKey(), write.value);
      }
      if (order == 0 && write.readsThrough()) {
        return snap;
      }
      // A buffered delete (or a lock-only key the snapshot lacks): nothing to show.
    }
  }

  private Map.Entry<byte[], byte[]> peekSnapshot() {
    while (snapshotHead == null) {
      if (page.hasNext()) {
        snapshotHead = page.next();
      } else if (nextPageStart == null) {
        return null;
      } else {
        // Ask for enough rows to fill what is left, plus what the buffer may hide.
        long want = remaining >= pageSize ? pageSize : Math.min(pageSize, remaining + hiding);
        SnapshotReader.Page fetched = reader.scan(nextPageStart, to, (int) Math.max(1, want));
        page = fetched.rows.iterator();
        nextPageStart = fetched.next;
      }
    }
    return snapshotHead;
  }
}
