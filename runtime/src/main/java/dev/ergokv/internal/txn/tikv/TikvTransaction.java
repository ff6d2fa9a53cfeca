package dev.ergokv.internal.txn.tikv;

import dev.ergokv.internal.txn.KvScan;
import dev.ergokv.internal.txn.KvTransaction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A transaction of {@link TikvEngine}: snapshot reads at the start ts through a {@link
 * SnapshotReader}, writes buffered in a {@link WriteBuffer}, commit by a {@link Committer}. Not
 * thread-safe.
 */
final class TikvTransaction implements KvTransaction {

  private enum State {
    ACTIVE,
    COMMITTED,
    ROLLED_BACK
  }

  private final EngineContext engine;
  private final SnapshotReader snapshot;
  private final boolean readOnly;
  private final long beganNanos = System.nanoTime();
  private final WriteBuffer buffer = new WriteBuffer();
  private State state = State.ACTIVE;
  private long commitTs;

  TikvTransaction(EngineContext engine, long startTs, boolean readOnly) {
    this.engine = engine;
    this.snapshot = new SnapshotReader(engine, startTs);
    this.readOnly = readOnly;
  }

  @Override
  public long startTs() {
    return snapshot.ts();
  }

  /** The commit ts once committed with writes; 0 before, or when nothing was written. */
  long commitTs() {
    return commitTs;
  }

  @Override
  public Optional<byte[]> get(byte[] key) {
    Objects.requireNonNull(key, "key");
    requireActive("read");
    WriteBuffer.Write mine = buffer.get(key);
    if (mine != null && !mine.readsThrough()) {
      return mine.hasValue() ? Optional.of(mine.value) : Optional.empty();
    }
    return Optional.ofNullable(snapshot.get(key));
  }

  @Override
  public Map<byte[], byte[]> batchGet(Collection<byte[]> keys) {
    Objects.requireNonNull(keys, "keys");
    requireActive("read");
    Map<byte[], byte[]> out = new IdentityHashMap<>(keys.size() * 2);
    // Equal keys passed as different arrays are fetched once and answered to each array.
    TreeMap<byte[], List<byte[]>> wanted = new TreeMap<>(Keys.ORDER);
    for (byte[] key : keys) {
      Objects.requireNonNull(key, "a key in keys");
      WriteBuffer.Write mine = buffer.get(key);
      if (mine != null && !mine.readsThrough()) {
        if (mine.hasValue()) {
          out.put(key, mine.value);
        }
      } else {
        wanted.computeIfAbsent(key, k -> new ArrayList<>(1)).add(key);
      }
    }
    if (!wanted.isEmpty()) {
      Map<byte[], byte[]> found = snapshot.batchGet(new ArrayList<>(wanted.keySet()));
      for (Map.Entry<byte[], byte[]> e : found.entrySet()) {
        for (byte[] asked : wanted.get(e.getKey())) {
          out.put(asked, e.getValue());
        }
      }
    }
    return out;
  }

  @Override
  public KvScan scan(byte[] fromInclusive, byte[] toExclusive, int pageSize, long limit) {
    Objects.requireNonNull(fromInclusive, "fromInclusive");
    Objects.requireNonNull(toExclusive, "toExclusive");
    requireActive("scan");
    return new MergedScan(snapshot, buffer, fromInclusive, toExclusive, pageSize, limit);
  }

  @Override
  public void put(byte[] key, byte[] value) {
    requireWritable("put", key);
    Objects.requireNonNull(value, "value");
    if (value.length == 0) {
      // TiKV clients store an empty value as a delete; refuse it rather than lose the write.
      throw new IllegalArgumentException("empty value for key " + Keys.readable(key) + "; values are never empty");
    }
    buffer.put(key, value);
  }

  @Override
  public void insert(byte[] key, byte[] value) {
    requireWritable("insert", key);
    Objects.requireNonNull(value, "value");
    if (value.length == 0) {
      throw new IllegalArgumentException("empty value for key " + Keys.readable(key) + "; values are never empty");
    }
    buffer.insert(key, value);
  }

  @Override
  public void delete(byte[] key) {
    requireWritable("delete", key);
    buffer.delete(key);
  }

  @Override
  public void lock(byte[] key) {
    requireWritable("lock", key);
    buffer.lock(key);
  }

  @Override
  public boolean hasWrites() {
    return !buffer.isEmpty();
  }

  @Override
  public void commit() {
    requireActive("commit");
    if (buffer.isEmpty()) {
      state = State.COMMITTED;
      return;
    }
    try {
      long ageMillis = (System.nanoTime() - beganNanos) / 1_000_000;
      commitTs = new Committer(engine, snapshot.ts(), ageMillis, buffer.mutations()).commit();
      state = State.COMMITTED;
    } catch (RuntimeException e) {
      state = State.ROLLED_BACK;
      throw e;
    } finally {
      buffer.clear();
    }
  }

  @Override
  public void rollback() {
    // Optimistic: until commit nothing is locked in TiKV, and a failed commit rolled its locks
    // back already. Dropping the buffer is all there is to do.
    if (state == State.ACTIVE) {
      state = State.ROLLED_BACK;
      buffer.clear();
    }
  }

  @Override
  public void close() {
    rollback();
  }

  private void requireActive(String what) {
    engine.requireOpen();
    if (state != State.ACTIVE) {
      throw new IllegalStateException(
          "cannot " + what + ": transaction " + Long.toUnsignedString(snapshot.ts()) + " is "
              + (state == State.COMMITTED ? "committed" : "rolled back"));
    }
  }

  private void requireWritable(String what, byte[] key) {
    Objects.requireNonNull(key, "key");
    requireActive(what);
    if (readOnly) {
      throw new IllegalStateException(
          "cannot " + what + " key " + Keys.readable(key) + ": transaction "
              + Long.toUnsignedString(snapshot.ts()) + " is read-only");
    }
  }

  @Override
  public String toString() {
    return "TikvTransaction[start " + Long.toUnsignedString(snapshot.ts()) + ", " + state
        + (readOnly ? ", read-only" : "") + "]";
  }
}
