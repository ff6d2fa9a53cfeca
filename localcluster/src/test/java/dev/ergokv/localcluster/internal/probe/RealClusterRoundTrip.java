package dev.ergokv.localcluster.internal.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.localcluster.LocalCluster;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.tikv.common.TiConfiguration;
import org.tikv.common.TiSession;
import org.tikv.common.util.ConcreteBackOffer;
import org.tikv.txn.TwoPhaseCommitter;

/**
 * What the real-backend tests do with a started cluster: commit a key through tikv-client-java
 * (with the cluster's host mapping) and read it back at a later timestamp.
 */
public final class RealClusterRoundTrip {

  private RealClusterRoundTrip() {}

  @SuppressWarnings("try") // TiSession/TwoPhaseCommitter.close() may throw InterruptedException
  public static void commitAndReadBack(LocalCluster cluster) throws Exception {
    TiConfiguration conf = TiConfiguration.createDefault(cluster.pdAddresses());
    if (!cluster.hostMapping().isEmpty()) {
      conf.setHostMapping(new ClientHostMapping(cluster.hostMapping()));
    }
    byte[] key = ("ergokv-localcluster-test-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    byte[] value = ("value-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    try (TiSession session = TiSession.create(conf)) {
      long startTs = session.getTimestamp().getVersion();
      try (TwoPhaseCommitter committer = new TwoPhaseCommitter(session, startTs, 3_000)) {
        committer.prewritePrimaryKey(ConcreteBackOffer.newCustomBackOff(20_000), key, value);
        long commitTs = session.getTimestamp().getVersion();
        committer.commitPrimaryKey(ConcreteBackOffer.newCustomBackOff(20_000), key, commitTs);
      }
      assertThat(session.createSnapshot().get(key)).isEqualTo(value);
    }
  }
}
