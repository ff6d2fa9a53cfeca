package dev.ergokv.internal.session;

import dev.ergokv.internal.keys.KeyRange;
import dev.ergokv.internal.keys.KeySpace;
import dev.ergokv.internal.meta.IndexModel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The iterator behind a stream of entities: lazy, reading one page at a time, and bound to its
 * transaction, so that using it after the transaction ended fails loudly instead of reading a
 * snapshot nobody holds any more.
 */
abstract class Cursor<T> implements Iterator<T>, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Cursor.class);

  final Session session;
  private final MergedScan scan;
  private T next;
  private boolean exhausted;
  private boolean closed;
  private Runnable onEnd;

  Cursor(Session session, MergedScan scan) {
    this.session = session;
    this.scan = scan;
  }

  /** The next entity, or null when there is none. */
  abstract T advance(MergedScan scan);

  /** Runs {@code action} once, when the cursor is exhausted or closed. */
  void onEnd(Runnable action) {
    this.onEnd = action;
  }

  @Override
  public final boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (exhausted) {
      return false;
    }
    if (closed || !session.isOpen()) {
      throw new IllegalStateException(
          "This stream belongs to a transaction that has ended: consume or collect streams inside"
              + " the transaction that created them");
    }
    session.enter();
    try {
      next = advance(scan);
    } finally {
      session.exit();
    }
    if (next == null) {
      exhausted = true;
      close();
    }
    return next != null;
  }

  @Override
  public final T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    T result = next;
    next = null;
    return result;
  }

  @Override
  public final void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      scan.close();
    } finally {
      session.forget(this);
      if (onEnd != null) {
        onEnd.run();
      }
    }
  }

  static void staleEntry(ModelContext<?> context, byte[] indexKey, Object key) {
    // Index entries are maintained in the same transaction as their entity, so this means the
    // data was changed by something other than ErgoKV. Skipping is safer than failing the query.
    LOG.warn(
        "Index entry {} of {} points to key {}, which holds no entity; skipped",
        KeySpace.describe(indexKey),
        context.describe(),
        key);
  }

  /** Every entity of one model, from a scan of its entity keys. */
  static final class Entities<T> extends Cursor<T> {
    private final ModelContext<T> context;

    Entities(Session session, ModelContext<T> context, MergedScan scan) {
      super(session, scan);
      this.context = context;
    }

    @Override
    T advance(MergedScan scan) {
      while (scan.hasNext()) {
        Map.Entry<byte[], byte[]> entry = scan.next();
        T entity = session.entityAt(context, entry.getKey(), entry.getValue());
        if (entity != null) {
          return entity;
        }
      }
      return null;
    }
  }

  /**
   * The entities behind a range of index keys, in index order: index keys are read a page at a
   * time, and the entities of one page fetched in one batch.
   */
  static final class IndexEntries<T> extends Cursor<T> {
    private final ModelContext<T> context;
    private final IndexModel index;
    private final KeyRange range;
    private final long limit;
    private long returned;
    /**
     * Index entries read and fetched but not yet returned. Their values are decoded one at a time
     * as they are returned: a value that does not decode fails only its own turn, like {@code
     * all()}, and the entities after it in the page are still returned by the next calls.
     */
    private final ArrayDeque<Pending<T>> ready = new ArrayDeque<>();

    IndexEntries(
        Session session,
        ModelContext<T> context,
        IndexModel index,
        KeyRange range,
        MergedScan scan,
        long limit) {
      super(session, scan);
      this.context = context;
      this.index = index;
      this.range = range;
      this.limit = limit;
    }

    @Override
    T advance(MergedScan scan) {
      while (true) {
        while (ready.isEmpty() && returned < limit && scan.hasNext()) {
          fill(scan);
        }
        Pending<T> pending = ready.poll();
        if (pending == null) {
          return null;
        }
        // Taken off the queue before decoding: if it throws, the next call goes on after it.
        T entity =
            pending.entity != null
                ? pending.entity
                : session.entityAt(context, pending.entityKey, pending.value);
        if (entity != null) {
          returned++;
          return entity;
        }
      }
    }

    private void fill(MergedScan scan) {
      int batch = (int) Math.min(session.pageSize(), limit - returned);
      List<byte[]> indexKeys = new ArrayList<>(batch);
      List<Object> keys = new ArrayList<>(batch);
      List<byte[]> entityKeys = new ArrayList<>(batch);
      List<byte[]> toFetch = new ArrayList<>(batch);
      while (indexKeys.size() < batch && scan.hasNext()) {
        Map.Entry<byte[], byte[]> entry = scan.next();
        Object key = context.keyOfIndexEntry(index, entry.getKey(), entry.getValue());
        byte[] entityKey = context.keys.entityKey(key);
        indexKeys.add(entry.getKey());
        keys.add(key);
        entityKeys.add(entityKey);
        if (session.managed(context, entityKey) == null) {
          toFetch.add(entityKey);
        }
      }
      Map<byte[], byte[]> fetched = toFetch.isEmpty() ? Map.of() : session.batchGet(toFetch);
      for (int i = 0; i < indexKeys.size(); i++) {
        byte[] entityKey = entityKeys.get(i);
        Managed<T> managed = session.managed(context, entityKey);
        if (managed != null) {
          // Changed in memory after the query began: only if it still matches.
          if (managed.isLive() && matches(managed)) {
            ready.add(new Pending<>(entityKey, null, managed.entity));
          }
        } else {
          byte[] value = fetched.get(entityKey);
          if (value == null) {
            staleEntry(context, indexKeys.get(i), keys.get(i));
            continue;
          }
          ready.add(new Pending<>(entityKey, value, null));
        }
      }
    }

    /** An entity to return: the managed instance, or the stored value to decode. */
    private static final class Pending<T> {
      final byte[] entityKey;
      final byte[] value;
      final T entity;

      Pending(byte[] entityKey, byte[] value, T entity) {
        this.entityKey = entityKey;
        this.value = value;
        this.entity = entity;
      }
    }

    private boolean matches(Managed<T> managed) {
      Object value = context.model.indexedValue(managed.entity, index);
      if (value == null) {
        return false;
      }
      byte[] key =
          index.isUnique()
              ? context.keys.uniqueKey(index, value)
              : context.keys.indexEntryKey(index, value, managed.key);
      return range.contains(key);
    }
  }
}
