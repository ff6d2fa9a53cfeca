package dev.ergokv.localcluster.internal.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.localcluster.Backend;
import dev.ergokv.localcluster.BackendUnavailableException;
import dev.ergokv.localcluster.ClusterStartException;
import dev.ergokv.localcluster.LocalCluster;
import dev.ergokv.localcluster.LocalClusterOptions;
import dev.ergokv.localcluster.internal.probe.FakePdGrpcServer;
import dev.ergokv.localcluster.internal.process.FreePorts;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tikv.kvproto.Metapb;

@Timeout(30)
class ExternalBackendTest {

  @Test
  void startsOnceAStoreIsUpAndCloseLeavesTheClusterRunning() throws Exception {
    try (FakePdGrpcServer pd =
        FakePdGrpcServer.start().store(1, "10.0.0.5:20160", Metapb.StoreState.Up)) {
      LocalClusterOptions options =
          LocalClusterOptions.builder().external(pd.endpoint()).startTimeout(Duration.ofSeconds(10)).build();

      LocalCluster cluster = LocalCluster.start(options);
      cluster.close();
      cluster.close();

      assertThat(cluster.backend()).isEqualTo(Backend.EXTERNAL);
      assertThat(cluster.pdEndpoints()).containsExactly(pd.endpoint());
      assertThat(cluster.hostMapping()).isEmpty();
      assertThat(cluster.embedded()).isEmpty();
      assertThat(pd.getAllStoresCalls()).isEqualTo(1);
      assertThat(pd.isRunning()).as("close() must not touch an external cluster").isTrue();
    }
  }

  @Test
  void aPdWithoutAStoreUpFailsNamingTheEndpointAndWhatItReported() throws Exception {
    try (FakePdGrpcServer pd =
        FakePdGrpcServer.start().store(1, "10.0.0.5:20160", Metapb.StoreState.Offline)) {
      LocalClusterOptions options =
          LocalClusterOptions.builder().external(pd.endpoint()).startTimeout(Duration.ofMillis(500)).build();

      assertThatThrownBy(() -> LocalCluster.start(options))
          .isInstanceOfSatisfying(
              ClusterStartException.class,
              e -> {
                assertThat(e).isNotInstanceOf(BackendUnavailableException.class);
                assertThat(e.backend()).isEqualTo(Backend.EXTERNAL);
                assertThat(e.getMessage())
                    .startsWith("external cluster (PD " + pd.endpoint() + ") did not become ready within 500 ms")
                    .contains("last seen: no store is Up: store 1 at 10.0.0.5:20160 is Offline")
                    .contains("Is PD running and reachable at " + pd.endpoint())
                    .contains("ergokv.cluster");
              });
    }
  }

  @Test
  void anUnreachablePdFailsInBoundedTimeNamingEveryEndpoint() {
    String first = "127.0.0.1:" + FreePorts.one();
    String second = "127.0.0.1:" + FreePorts.one();
    LocalClusterOptions options =
        LocalClusterOptions.builder().external(first, second).startTimeout(Duration.ofSeconds(1)).build();
    long begin = System.nanoTime();

    assertThatThrownBy(() -> LocalCluster.start(options))
        .isInstanceOf(ClusterStartException.class)
        .hasMessageContaining("external cluster (PD " + first + "," + second + ")")
        .hasMessageContaining("did not become ready within 1.0 s")
        .hasMessageContaining("PD " + first);
    assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(15));
  }
}
