package dev.ergokv.localcluster.internal.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.localcluster.Backend;
import dev.ergokv.localcluster.LocalCluster;
import dev.ergokv.localcluster.LocalClusterOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The readiness probes that the TiUP and containers backends rely on, run end to end against a
 * real server (the embedded one), since those backends cannot start here.
 */
class ProbesAgainstEmbeddedClusterTest {

  private static LocalCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = LocalCluster.start(LocalClusterOptions.defaults());
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Test
  void transactionCheckCommitsReadsBackAndLeavesNoData() throws Exception {
    new ClientTransactionCheck().run(cluster.pdEndpoints(), Map.of(), Duration.ofSeconds(10));

    assertThat(cluster.embedded().orElseThrow().lockedKeys()).isEmpty();
  }

  @Test
  void readinessSeesTheStoreUpThenCommits() throws Exception {
    List<String> endpoints = cluster.pdEndpoints();
    try (PdGrpcStores stores = new PdGrpcStores(endpoints)) {
      ClusterReadiness readiness =
          ClusterReadiness.builder(Backend.EMBEDDED, "embedded", endpoints)
              .stores(stores)
              .transaction(new ClientTransactionCheck())
              .build();

      readiness.await(Deadline.after(Duration.ofSeconds(20)));

      assertThat(stores.fetch(Deadline.after(Duration.ofSeconds(5))))
          .isNotEmpty()
          .allSatisfy(store -> assertThat(store.isUp()).isTrue());
    }
  }

  @Test
  void externalBackendConnectsToARunningClusterAndLeavesItRunning() throws Exception {
    String[] endpoints = cluster.pdEndpoints().toArray(String[]::new);
    try (LocalCluster external =
        LocalCluster.start(LocalClusterOptions.builder().external(endpoints).build())) {
      assertThat(external.backend()).isEqualTo(Backend.EXTERNAL);
      assertThat(external.pdEndpoints()).containsExactly(endpoints);
      RealClusterRoundTrip.commitAndReadBack(external);
    }

    assertThat(cluster.embedded().orElseThrow().isServing()).isTrue();
    RealClusterRoundTrip.commitAndReadBack(cluster);
  }
}
