package dev.ergokv.internal.txn;

/**
 * Starts transactions against one cluster. The production implementation talks to TiKV through
 * tikv-client-java's routing and RPC stubs; tests of the entity layer may use an in-memory one.
 */
public interface KvEngine extends AutoCloseable {

  /** Begins a read-write transaction at a fresh start timestamp. */
  KvTransaction begin();

  /** Begins a read-only transaction (its writes are rejected) at a fresh timestamp. */
  KvTransaction beginReadOnly();

  /** Releases connections and threads this engine owns. */
  @Override
  void close();
}
