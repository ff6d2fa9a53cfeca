package dev.ergokv.testing;

import dev.ergokv.internal.keys.KeySpace;
import dev.ergokv.internal.txn.KvEngine;
import dev.ergokv.internal.txn.KvScan;
import dev.ergokv.internal.txn.KvTransaction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link KvEngine} over another that records the mutations of every transaction it commits, so
 * tests can check exactly which keys a unit of work wrote. It neither owns nor closes the engine
 * it wraps.
 */
public final class CountingEngine implements KvEngine {

  /** The kind of a buffered write. */
  public enum Op {
    PUT,
    INSERT,
    DELETE,
    LOCK
  }

  /**
   * One mutation sent to the engine.
   *
   * @param op the kind of write
   * @param key the key, in hex
   * @param readable the key as {@link KeySpace#describe} prints it, for failure messages
   */
  public record Mutation(Op op, String key, String readable) {

    /** A mutation of {@code key} (raw bytes). */
    public static Mutation of(Op op, byte[] key) {
      return new Mutation(op, HexFormat.of().formatHex(key), KeySpace.describe(key));
    }

    @Override
    public String toString() {
      return op + " " + readable;
    }
  }

  private final KvEngine delegate;
  private final List<List<Mutation>> commits = new ArrayList<>();

  public CountingEngine(KvEngine delegate) {
    this.delegate = delegate;
  }

  @Override
  public KvTransaction begin() {
    return new Recording(delegate.begin());
  }

  @Override
  public KvTransaction beginReadOnly() {
    return delegate.beginReadOnly();
  }

  /** The mutations of every read-write transaction committed since the last {@link #clear}. */
  public synchronized List<List<Mutation>> commits() {
    return List.copyOf(commits);
  }

  /** The mutations of the last committed read-write transaction. */
  public synchronized List<Mutation> lastCommit() {
    if (commits.isEmpty()) {
      throw new IllegalStateException("no read-write transaction was committed");
    }
    return commits.get(commits.size() - 1);
  }

  /** Forgets the commits recorded so far. */
  public synchronized void clear() {
    commits.clear();
  }

  private synchronized void committed(List<Mutation> mutations) {
    commits.add(List.copyOf(mutations));
  }

  /** Does not close the wrapped engine, which belongs to whoever made it. */
  @Override
  public void close() {}

  private final class Recording implements KvTransaction {
    private final KvTransaction tx;
    private final List<Mutation> mutations = new ArrayList<>();

    Recording(KvTransaction tx) {
      this.tx = tx;
    }

    @Override
    public long startTs() {
      return tx.startTs();
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
      return tx.get(key);
    }

    @Override
    public Map<byte[], byte[]> batchGet(Collection<byte[]> keys) {
      return tx.batchGet(keys);
    }

    @Override
    public KvScan scan(byte[] fromInclusive, byte[] toExclusive, int pageSize, long limit) {
      return tx.scan(fromInclusive, toExclusive, pageSize, limit);
    }

    @Override
    public void put(byte[] key, byte[] value) {
      mutations.add(Mutation.of(Op.PUT, key));
      tx.put(key, value);
    }

    @Override
    public void insert(byte[] key, byte[] value) {
      mutations.add(Mutation.of(Op.INSERT, key));
      tx.insert(key, value);
    }

    @Override
    public void delete(byte[] key) {
      mutations.add(Mutation.of(Op.DELETE, key));
      tx.delete(key);
    }

    @Override
    public void lock(byte[] key) {
      mutations.add(Mutation.of(Op.LOCK, key));
      tx.lock(key);
    }

    @Override
    public boolean hasWrites() {
      return tx.hasWrites();
    }

    @Override
    public void commit() {
      tx.commit();
      committed(mutations);
    }

    @Override
    public void rollback() {
      tx.rollback();
    }

    @Override
    public void close() {
      tx.close();
    }
  }
}
