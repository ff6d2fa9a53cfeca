package dev.ergokv.localcluster.internal.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ergokv.localcluster.Backend;
import dev.ergokv.localcluster.LocalCluster;
import dev.ergokv.localcluster.LocalClusterOptions;
import dev.ergokv.localcluster.internal.probe.RealClusterRoundTrip;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Connects to the cluster named by {@code ergokv.cluster=external:host:port} (or {@code
 * ERGOKV_CLUSTER}) and commits a transaction there; skipped when no external cluster is named.
 */
@Timeout(120)
class ExternalRealClusterTest {

  @Test
  void connectsToTheNamedClusterAndCommitsATransaction() throws Exception {
    LocalClusterOptions options = LocalClusterOptions.fromEnvironment();
    assumeTrue(
        options.backend() == Backend.EXTERNAL,
        "no external cluster named: set "
            + LocalClusterOptions.BACKEND_PROPERTY
            + "=external:host:port to run this test");

    try (LocalCluster cluster = LocalCluster.start(options)) {
      assertThat(cluster.pdEndpoints()).isEqualTo(options.externalPdEndpoints());
      RealClusterRoundTrip.commitAndReadBack(cluster);
    }
  }
}
