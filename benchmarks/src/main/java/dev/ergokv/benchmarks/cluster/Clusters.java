package dev.ergokv.benchmarks.cluster;

import dev.ergokv.localcluster.LocalCluster;
import java.nio.charset.StandardCharsets;
import org.tikv.common.TiConfiguration;
import org.tikv.common.TiSession;
import org.tikv.common.util.ConcreteBackOffer;
import org.tikv.txn.TwoPhaseCommitter;

/** What every cluster benchmark does the same way: connect, and commit a one-key transaction. */
// TwoPhaseCommitter.close() declares Exception; try-with-resources is still right.
@SuppressWarnings("try")
final class Clusters {

  static final int BACKOFF_MS = 5_000;

  private Clusters() {}

  /** A transactional client session with a timeout that tolerates a busy machine. */
  static TiSession connect(LocalCluster cluster) {
    TiConfiguration conf = TiConfiguration.createDefault(cluster.pdAddresses());
    conf.setTimeout(2_000);
    return TiSession.create(conf);
  }

  /** One key, one transaction: two TSO calls, a prewrite and a commit. Returns the commit ts. */
  static long commitOneKey(TiSession session, byte[] key, byte[] value) throws Exception {
    long startTs = session.getTimestamp().getVersion();
    try (TwoPhaseCommitter committer = new TwoPhaseCommitter(session, startTs)) {
      committer.prewritePrimaryKey(ConcreteBackOffer.newCustomBackOff(BACKOFF_MS), key, value);
      long commitTs = session.getTimestamp().getVersion();
      committer.commitPrimaryKey(ConcreteBackOffer.newCustomBackOff(BACKOFF_MS), key, commitTs);
      return commitTs;
    }
  }

  static byte[] key(String prefix, int i) {
    return (prefix + "/" + i).getBytes(StandardCharsets.UTF_8);
  }
}
