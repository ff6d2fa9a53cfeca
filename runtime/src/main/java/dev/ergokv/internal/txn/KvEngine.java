package dev.ergokv.internal.txn;

import java.time.Duration;

/**
 * Starts transactions against one cluster. The production implementation talks to TiKV through
 * tikv-client-java's routing and RPC stubs; tests of the entity layer may use an in-memory one.
 */
public interface KvEngine extends AutoCloseable {

  /** Begins a read-write transaction at a fresh start timestamp. */
  KvTransaction begin();

  /** Begins a read-only transaction (its writes are rejected) at a fresh timestamp. */
  KvTransaction beginReadOnly();

  /**
   * Asks the cluster to keep, for {@code ttl}, the versions a snapshot at {@code ts} reads from
   * garbage collection: a PD service GC safe point named {@code service}. Call again before the
   * ttl ends to renew; a zero ttl removes it. Engines that never collect old versions do nothing.
   *
   * @throws dev.ergokv.ErgoKvException when the cluster already collected versions the snapshot
   *     needs (its GC safe point passed {@code ts})
   */
  default void holdSnapshot(String service, long ts, Duration ttl) {}

  /** Releases connections and threads this engine owns. */
  @Override
  void close();
}
