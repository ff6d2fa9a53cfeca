package dev.ergokv.localcluster.internal.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

import dev.ergokv.localcluster.Backend;
import dev.ergokv.localcluster.BackendUnavailableException;
import dev.ergokv.localcluster.LocalCluster;
import dev.ergokv.localcluster.LocalClusterOptions;
import dev.ergokv.localcluster.internal.probe.RealClusterRoundTrip;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Starts pingcap/pd and pingcap/tikv containers and commits a transaction through the host
 * mapping. Runs when Testcontainers finds a Docker engine; skipped otherwise.
 */
@Timeout(900)
class ContainersRealClusterTest {

  @Test
  void startsRealContainersThatCommitATransactionThroughTheHostMapping() throws Exception {
    try {
      TestcontainersCluster.requireDocker(TestcontainersCluster.DOCKER_CHECK_LIMIT);
    } catch (BackendUnavailableException e) {
      abort(e.getMessage());
    }
    LocalClusterOptions options =
        LocalClusterOptions.builder()
            .backend(Backend.CONTAINERS)
            // The first run pulls the images.
            .startTimeout(Duration.ofMinutes(10))
            .build();

    try (LocalCluster cluster = LocalCluster.start(options)) {
      assertThat(cluster.backend()).isEqualTo(Backend.CONTAINERS);
      assertThat(cluster.hostMapping()).containsOnlyKeys("pd:2379", "tikv:20160");
      RealClusterRoundTrip.commitAndReadBack(cluster);
    }
  }
}
