package dev.ergokv.testing;

import dev.ergokv.internal.txn.KvEngine;
import dev.ergokv.internal.txn.KvScan;
import dev.ergokv.internal.txn.KvTransaction;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link KvEngine} that passes everything to another, for test engines that watch or disturb
 * some calls: they override {@link #wrap} (and extend {@link Transaction}) for what they change.
 * It neither owns nor closes the engine it wraps, which belongs to whoever made it.
 */
public abstract class ForwardingEngine implements KvEngine {

  protected final KvEngine delegate;

  protected ForwardingEngine(KvEngine delegate) {
    this.delegate = delegate;
  }

  /** The read-write transaction handed out for {@code tx}, begun on the wrapped engine. */
  protected abstract KvTransaction wrap(KvTransaction tx);

  @Override
  public KvTransaction begin() {
    return wrap(delegate.begin());
  }

  @Override
  public KvTransaction beginReadOnly() {
    return delegate.beginReadOnly();
  }

  @Override
  public void holdSnapshot(String service, long ts, Duration ttl) {
    delegate.holdSnapshot(service, ts, ttl);
  }

  /** Does not close the wrapped engine. */
  @Override
  public void close() {}

  /** A transaction that passes every call to another. */
  public static class Transaction implements KvTransaction {

    protected final KvTransaction tx;

    public Transaction(KvTransaction tx) {
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
      tx.put(key, value);
    }

    @Override
    public void insert(byte[] key, byte[] value) {
      tx.insert(key, value);
    }

    @Override
    public void delete(byte[] key) {
      tx.delete(key);
    }

    @Override
    public void lock(byte[] key) {
      tx.lock(key);
    }

    @Override
    public boolean hasWrites() {
      return tx.hasWrites();
    }

    @Override
    public void commit() {
      tx.commit();
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
