package dev.ergokv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ergokv.entities.Account;
import dev.ergokv.localcluster.LocalCluster;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The public way in: {@code ErgoKv.builder()...build()} against a cluster, and against none. */
class ErgoKvConnectClusterTest {

  private static LocalCluster cluster;

  @BeforeAll
  static void start() {
    cluster = LocalCluster.start();
    try {
      ErgoKv.builder().pdAddresses(cluster.pdAddresses()).build().close();
    } catch (UnsupportedOperationException e) {
      cluster.close();
      assumeTrue(false, "the TiKV engine is not on this branch yet: " + e.getMessage());
    }
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static ErgoKv connect(ErgoKv.Builder builder) {
    return builder.build();
  }

  @Test
  void connectsWritesAndReadsThroughTheBuilder() {
    try (ErgoKv kv =
        connect(
            ErgoKv.builder()
                .pdAddresses(cluster.pdAddresses())
                .hostMapping(cluster.hostMapping())
                .keyspace("connect-" + System.nanoTime()))) {
      kv.transact(tx -> tx.save(new Account("a", 7)));

      long balance = kv.read(tx -> tx.load(Account.class, "a").orElseThrow().balance());
      assertThat(balance).isEqualTo(7);
    }
  }

  @Test
  void anUnreachableClusterIsReportedNamingTheEndpointWithinTheTimeout() throws IOException {
    String nobody;
    try (ServerSocket socket = new ServerSocket(0)) {
      nobody = "127.0.0.1:" + socket.getLocalPort(); // free once closed: nothing listens
    }
    long started = System.nanoTime();

    assertThatThrownBy(
            () -> connect(ErgoKv.builder().pdAddresses(nobody).connectTimeout(Duration.ofSeconds(2))))
        .isInstanceOfSatisfying(
            ClusterUnavailableException.class,
            e -> assertThat(e.endpoints()).containsExactly(nobody))
        .hasMessageContaining(nobody);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }
}
