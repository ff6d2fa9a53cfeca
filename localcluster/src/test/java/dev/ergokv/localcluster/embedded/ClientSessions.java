package dev.ergokv.localcluster.embedded;

import dev.ergokv.localcluster.LocalCluster;
import org.tikv.common.TiConfiguration;
import org.tikv.common.TiSession;

/** Client sessions for the conformance tests, configured for a loaded 2-core CI machine. */
final class ClientSessions {

  private ClientSessions() {}

  /** A transactional session (TXN mode: PD keys memcomparable-encoded). Close it. */
  static TiSession txn(LocalCluster cluster) {
    return TiSession.create(tolerant(TiConfiguration.createDefault(cluster.pdAddresses())));
  }

  /** A transactional session with this gRPC timeout, for tests about slow servers. Close it. */
  static TiSession txn(LocalCluster cluster, long grpcTimeoutMs) {
    TiConfiguration conf = TiConfiguration.createDefault(cluster.pdAddresses());
    conf.setTimeout(grpcTimeoutMs);
    return TiSession.create(conf);
  }

  /** A raw session (RAW mode) with compare-and-swap enabled. Close it. */
  static TiSession raw(LocalCluster cluster) {
    TiConfiguration conf = tolerant(TiConfiguration.createRawDefault(cluster.pdAddresses()));
    conf.setEnableAtomicForCAS(true);
    return TiSession.create(conf);
  }

  /** The default 200 ms gRPC timeout is flaky on a busy machine; a few seconds is not. */
  private static TiConfiguration tolerant(TiConfiguration conf) {
    conf.setTimeout(5_000);
    conf.setForwardTimeout(5_000);
    conf.setWarmUpTimeout(5_000);
    return conf;
  }
}
