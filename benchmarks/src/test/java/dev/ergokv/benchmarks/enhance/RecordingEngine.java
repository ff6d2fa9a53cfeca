package dev.ergokv.benchmarks.enhance;

import dev.ergokv.internal.keys.KeySpace;
import dev.ergokv.internal.txn.KvEngine;
import dev.ergokv.internal.txn.KvScan;
import dev.ergokv.internal.txn.KvTransaction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An engine over another that keeps, for the last read-write transaction committed, what it
 * wrote: one line per mutation, "PUT key" with the key as {@link KeySpace#describe} prints it.
 */
final class RecordingEngine implements KvEngine {

  private final KvEngine delegate;
  private volatile List<String> lastCommit = List.of();

  RecordingEngine(KvEngine delegate) {
    this.delegate = delegate;
  }

  List<String> lastCommit() {
    return lastCommit;
  }

  @Override
  public KvTransaction begin() {
    KvTransaction tx = delegate.begin();
    List<String> mutations = new ArrayList<>();
    return new KvTransaction() {
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
      public KvScan scan(byte[] from, byte[] to, int pageSize, long limit) {
        return tx.scan(from, to, pageSize, limit);
      }

      @Override
      public void put(byte[] key, byte[] value) {
        mutations.add("PUT " + KeySpace.describe(key));
        tx.put(key, value);
      }

      @Override
      public void insert(byte[] key, byte[] value) {
        mutations.add("INSERT " + KeySpace.describe(key));
        tx.insert(key, value);
      }

      @Override
      public void delete(byte[] key) {
        mutations.add("DELETE " + KeySpace.describe(key));
        tx.delete(key);
      }

      @Override
      public void lock(byte[] key) {
        mutations.add("LOCK " + KeySpace.describe(key));
        tx.lock(key);
      }

      @Override
      public boolean hasWrites() {
        return tx.hasWrites();
      }

      @Override
      public void commit() {
        tx.commit();
        lastCommit = List.copyOf(mutations);
      }

      @Override
      public void rollback() {
        tx.rollback();
      }

      @Override
      public void close() {
        tx.close();
      }
    };
  }

  @Override
  public KvTransaction beginReadOnly() {
    return delegate.beginReadOnly();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
