package dev.ergokv.benchmarks.txn;

import dev.ergokv.internal.txn.EngineConfig;
import dev.ergokv.internal.txn.tikv.TikvEngine;
import dev.ergokv.localcluster.LocalCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.tikv.common.TiConfiguration;
import org.tikv.common.TiSession;
import org.tikv.common.util.ConcreteBackOffer;
import org.tikv.txn.TwoPhaseCommitter;

/** What the transaction benchmarks share: connecting both clients the same way, keys, values. */
// TwoPhaseCommitter.close() declares Exception; try-with-resources is still right.
@SuppressWarnings("try")
final class Txn {

  static final byte[] VALUE = "a value of modest size, like a small entity".getBytes(StandardCharsets.UTF_8);

  /** The backoff budget of client-java's calls here, as DESIGN.md measured them. */
  static final int BACKOFF_MS = 2_000;

  private Txn() {}

  /** Our engine with its production configuration (own TiSession, short TTL). */
  static TikvEngine engine(LocalCluster cluster, TikvEngine.Tuning tuning) {
    EngineConfig config =
        new EngineConfig(
            cluster.pdEndpoints(), Map.of(), null, Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(3));
    return TikvEngine.connect(config, tuning);
  }

  /** The unmodified client, with a timeout that tolerates a busy machine. */
  static TiSession session(LocalCluster cluster) {
    TiConfiguration conf = TiConfiguration.createDefault(cluster.pdAddresses());
    conf.setTimeout(2_000);
    return TiSession.create(conf);
  }

  /** client-java's one-key transaction: start ts, prewrite, commit ts, commit. */
  static long twoPhaseCommitter(TiSession session, byte[] key, byte[] value) throws Exception {
    long startTs = session.getTimestamp().getVersion();
    try (TwoPhaseCommitter committer = new TwoPhaseCommitter(session, startTs)) {
      committer.prewritePrimaryKey(ConcreteBackOffer.newCustomBackOff(BACKOFF_MS), key, value);
      long commitTs = session.getTimestamp().getVersion();
      committer.commitPrimaryKey(ConcreteBackOffer.newCustomBackOff(BACKOFF_MS), key, commitTs);
      return commitTs;
    }
  }

  static byte[] key(String prefix, long i) {
    return (prefix + "/" + i).getBytes(StandardCharsets.UTF_8);
  }
}
