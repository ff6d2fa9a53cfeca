package dev.ergokv.internal.txn.tikv;

import dev.ergokv.internal.txn.EngineConfig;
import dev.ergokv.internal.txn.KvEngine;

/** The transaction engine over tikv-client-java's routing and RPC stubs. */
public final class TikvEngine {

  private TikvEngine() {}

  /**
   * Connects to the cluster described by {@code config}.
   *
   * @throws dev.ergokv.ClusterUnavailableException if PD cannot be reached within the connect
   *     timeout
   */
  public static KvEngine connect(EngineConfig config) {
    throw new UnsupportedOperationException("the TiKV engine is being built (issue 3)");
  }
}
