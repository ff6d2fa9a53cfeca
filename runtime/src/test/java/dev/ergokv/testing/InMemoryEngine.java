package dev.ergokv.testing;

import dev.ergokv.WriteConflictException;
import dev.ergokv.internal.keys.KeySpace;
import dev.ergokv.internal.txn.KeyConflictException;
import dev.ergokv.internal.txn.KeyExistsException;
import dev.ergokv.internal.txn.KvEngine;
import dev.ergokv.internal.txn.KvScan;
import dev.ergokv.internal.txn.KvTransaction;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link KvEngine} in memory, for fast tests of the entity layer: multi-version snapshot
 * isolation with the conflict rules the TiKV engine enforces.
 *
 * <ul>
 *   <li>Reads see the newest version committed at or before the start timestamp, plus the
 *       transaction's own buffered writes.
 *   <li>Commit is atomic (one lock). It fails with {@link WriteConflictException} if any written
 *       or locked key has a version committed after the start timestamp (first committer wins),
 *       and with {@link KeyExistsException} if an inserted key exists; either way nothing is
 *       written.
 *   <li>Scans read lazily, one page per call into the store, and count what they fetched, so
 *       tests can check that streams hold bounded memory.
 * </ul>
 */
public final class InMemoryEngine implements KvEngine {

  private final Object lock = new Object();
  /** Key to versions by commit timestamp; a null value is a delete. */
  private final TreeMap<byte[], TreeMap<Long, byte[]>> data = new TreeMap<>(Arrays::compareUnsigned);

  private long clock;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicLong gets = new AtomicLong();
  private final AtomicLong batchGets = new AtomicLong();
  private final AtomicLong scannedEntries = new AtomicLong();
  private final AtomicLong commits = new AtomicLong();
  private volatile boolean closed;

  @Override
  public KvTransaction begin() {
    return new Txn(false);
  }

  @Override
  public KvTransaction beginReadOnly() {
    return new Txn(true);
  }

  @Override
  public void close() {
    closed = true;
  }

  /** Transactions begun and not yet committed, rolled back or closed. */
  public int openTransactions() {
    return open.get();
  }

  /** Point reads served so far. */
  public long gets() {
    return gets.get();
  }

  /** Batch reads served so far. */
  public long batchGets() {
    return batchGets.get();
  }

  /** Entries scans have read from the store so far. */
  public long scannedEntries() {
    return scannedEntries.get();
  }

  /** Transactions that committed writes. */
  public long commits() {
    return commits.get();
  }

  /** The latest committed value of every key from {@code from} (inclusive) to {@code to}. */
  public NavigableMap<byte[], byte[]> latest(byte[] from, byte[] to) {
    synchronized (lock) {
      TreeMap<byte[], byte[]> result = new TreeMap<>(Arrays::compareUnsigned);
      for (Map.Entry<byte[], TreeMap<Long, byte[]>> entry :
          data.subMap(from, true, to, false).entrySet()) {
        byte[] value = entry.getValue().lastEntry().getValue();
        if (value != null) {
          result.put(entry.getKey(), value);
        }
      }
      return result;
    }
  }

  /** Writes a value directly, as another program would: a committed version of its own. */
  public void putCommitted(byte[] key, byte[] value) {
    synchronized (lock) {
      data.computeIfAbsent(key, k -> new TreeMap<>()).put(++clock, value);
    }
  }

  private long timestamp() {
    synchronized (lock) {
      return ++clock;
    }
  }

  private byte[] valueAt(byte[] key, long ts) {
    TreeMap<Long, byte[]> versions = data.get(key);
    if (versions == null) {
      return null;
    }
    Map.Entry<Long, byte[]> version = versions.floorEntry(ts);
    return version == null ? null : version.getValue();
  }

  private enum Kind {
    PUT,
    INSERT,
    DELETE,
    LOCK
  }

  private static final class Mutation {
    final Kind kind;
    final byte[] value;

    Mutation(Kind kind, byte[] value) {
      this.kind = kind;
      this.value = value;
    }
  }

  private final class Txn implements KvTransaction {
    private final long startTs;
    private final boolean readOnly;
    private final TreeMap<byte[], Mutation> buffer = new TreeMap<>(Arrays::compareUnsigned);
    private boolean ended;

    Txn(boolean readOnly) {
      if (closed) {
        throw new IllegalStateException("engine closed");
      }
      this.readOnly = readOnly;
      this.startTs = timestamp();
      open.incrementAndGet();
    }

    @Override
    public long startTs() {
      return startTs;
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
      ensureOpen();
      gets.incrementAndGet();
      Mutation own = buffer.get(key);
      if (own != null && own.kind != Kind.LOCK) {
        return Optional.ofNullable(own.value);
      }
      synchronized (lock) {
        return Optional.ofNullable(valueAt(key, startTs));
      }
    }

    @Override
    public Map<byte[], byte[]> batchGet(Collection<byte[]> keys) {
      ensureOpen();
      batchGets.incrementAndGet();
      Map<byte[], byte[]> result = new IdentityHashMap<>();
      synchronized (lock) {
        for (byte[] key : keys) {
          Mutation own = buffer.get(key);
          byte[] value =
              own != null && own.kind != Kind.LOCK ? own.value : valueAt(key, startTs);
          if (value != null) {
            result.put(key, value);
          }
        }
      }
      return result;
    }

    @Override
    public KvScan scan(byte[] fromInclusive, byte[] toExclusive, int pageSize, long limit) {
      ensureOpen();
      if (pageSize < 1) {
        throw new IllegalArgumentException("page size " + pageSize);
      }
      return new Scan(fromInclusive, toExclusive, pageSize, limit);
    }

    @Override
    public void put(byte[] key, byte[] value) {
      write(key, new Mutation(Kind.PUT, nonEmpty(value)));
    }

    @Override
    public void insert(byte[] key, byte[] value) {
      write(key, new Mutation(Kind.INSERT, nonEmpty(value)));
    }

    @Override
    public void delete(byte[] key) {
      write(key, new Mutation(Kind.DELETE, null));
    }

    @Override
    public void lock(byte[] key) {
      ensureWritable();
      buffer.putIfAbsent(key, new Mutation(Kind.LOCK, null));
    }

    private void write(byte[] key, Mutation mutation) {
      ensureWritable();
      buffer.put(key, mutation);
    }

    private byte[] nonEmpty(byte[] value) {
      if (value == null || value.length == 0) {
        throw new IllegalArgumentException("TiKV stores no empty values");
      }
      return value;
    }

    @Override
    public boolean hasWrites() {
      return !buffer.isEmpty();
    }

    @Override
    public void commit() {
      ensureOpen();
      try {
        if (buffer.isEmpty()) {
          return;
        }
        synchronized (lock) {
          for (Map.Entry<byte[], Mutation> entry : buffer.entrySet()) {
            TreeMap<Long, byte[]> versions = data.get(entry.getKey());
            if (versions != null && versions.lastKey() > startTs) {
              throw new KeyConflictException(
                  entry.getKey(),
                  "was committed at "
                      + versions.lastKey()
                      + " after this transaction started at "
                      + startTs);
            }
          }
          for (Map.Entry<byte[], Mutation> entry : buffer.entrySet()) {
            if (entry.getValue().kind == Kind.INSERT) {
              TreeMap<Long, byte[]> versions = data.get(entry.getKey());
              if (versions != null && versions.lastEntry().getValue() != null) {
                throw new KeyExistsException(entry.getKey());
              }
            }
          }
          long commitTs = ++clock;
          for (Map.Entry<byte[], Mutation> entry : buffer.entrySet()) {
            Mutation mutation = entry.getValue();
            if (mutation.kind != Kind.LOCK) {
              data.computeIfAbsent(entry.getKey(), k -> new TreeMap<>())
                  .put(commitTs, mutation.value);
            }
          }
          commits.incrementAndGet();
        }
      } finally {
        end();
      }
    }

    @Override
    public void rollback() {
      end();
    }

    @Override
    public void close() {
      end();
    }

    private void end() {
      if (!ended) {
        ended = true;
        buffer.clear();
        open.decrementAndGet();
      }
    }

    private void ensureOpen() {
      if (ended) {
        throw new IllegalStateException("transaction ended");
      }
    }

    private void ensureWritable() {
      ensureOpen();
      if (readOnly) {
        throw new IllegalStateException("read-only transaction");
      }
    }

    /** Reads the store a page at a time, merging the buffer, as the TiKV engine does. */
    private final class Scan implements KvScan {
      private final byte[] to;
      private final int pageSize;
      private long remaining;
      private byte[] resumeAfter;
      private byte[] from;
      private final List<Map.Entry<byte[], byte[]>> page = new ArrayList<>();
      private int position;
      private boolean storeDone;
      private final Iterator<Map.Entry<byte[], Mutation>> own;
      private Map.Entry<byte[], Mutation> ownHead;
      private Map.Entry<byte[], byte[]> next;
      private boolean closed;

      Scan(byte[] from, byte[] to, int pageSize, long limit) {
        this.from = from;
        this.to = to;
        this.pageSize = pageSize;
        this.remaining = limit;
        this.own =
            new ArrayList<>(buffer.subMap(from, true, to, false).entrySet()).iterator();
        this.ownHead = own.hasNext() ? own.next() : null;
      }

      private Map.Entry<byte[], byte[]> storeHead() {
        if (position == page.size() && !storeDone) {
          fetchPage();
        }
        return position < page.size() ? page.get(position) : null;
      }

      private void fetchPage() {
        ensureOpen();
        page.clear();
        position = 0;
        synchronized (lock) {
          NavigableMap<byte[], TreeMap<Long, byte[]>> range =
              resumeAfter == null
                  ? data.subMap(from, true, to, false)
                  : data.subMap(resumeAfter, false, to, false);
          for (Map.Entry<byte[], TreeMap<Long, byte[]>> entry : range.entrySet()) {
            Map.Entry<Long, byte[]> version = entry.getValue().floorEntry(startTs);
            if (version != null && version.getValue() != null) {
              page.add(new SimpleImmutableEntry<>(entry.getKey(), version.getValue()));
              if (page.size() == pageSize) {
                break;
              }
            }
          }
        }
        scannedEntries.addAndGet(page.size());
        if (page.size() < pageSize) {
          storeDone = true;
        } else {
          resumeAfter = page.get(page.size() - 1).getKey();
        }
      }

      @Override
      public boolean hasNext() {
        if (closed) {
          return false;
        }
        if (next != null) {
          return true;
        }
        while (next == null && remaining > 0) {
          Map.Entry<byte[], byte[]> stored = storeHead();
          if (stored == null && ownHead == null) {
            break;
          }
          int order =
              stored == null
                  ? 1
                  : ownHead == null ? -1 : Arrays.compareUnsigned(stored.getKey(), ownHead.getKey());
          if (order < 0) {
            next = stored;
            position++;
          } else {
            Mutation mutation = ownHead.getValue();
            byte[] key = ownHead.getKey();
            ownHead = own.hasNext() ? own.next() : null;
            if (order == 0) {
              position++;
              if (mutation.kind == Kind.LOCK) {
                next = stored;
                continue;
              }
            }
            if (mutation.value != null) {
              next = new SimpleImmutableEntry<>(key, mutation.value);
            }
          }
        }
        if (next != null) {
          remaining--; // counted once: later calls return early while next is pending
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

      @Override
      public void close() {
        closed = true;
      }
    }
  }
}
