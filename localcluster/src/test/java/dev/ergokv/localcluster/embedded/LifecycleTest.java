package dev.ergokv.localcluster.embedded;

import dev.ergokv.localcluster.LocalClusterOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ergokv.localcluster.Backend;
import dev.ergokv.localcluster.LocalCluster;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.tikv.common.TiSession;
import org.tikv.shade.io.grpc.ManagedChannel;
import org.tikv.shade.io.grpc.health.v1.HealthCheckRequest;
import org.tikv.shade.io.grpc.health.v1.HealthCheckResponse;
import org.tikv.shade.io.grpc.health.v1.HealthGrpc;
import org.tikv.shade.io.grpc.netty.NettyChannelBuilder;

/** Start, serve, stop: endpoints, health, loopback binding, clocks and threads. */

// The client's close() methods declare InterruptedException; try-with-resources is still right.
@SuppressWarnings("try")class LifecycleTest {

  private static final String SERVER_THREAD_PREFIX = "ergokv-embedded";

  @Test
  void embeddedIsTheDefaultBackendAndAnswersOnLoopback() {
    try (LocalCluster cluster = LocalCluster.start(LocalClusterOptions.defaults())) {
      assertThat(cluster.backend()).isEqualTo(Backend.EMBEDDED);
      assertThat(cluster.pdEndpoints()).hasSize(1);
      assertThat(cluster.pdEndpoints().get(0)).startsWith("127.0.0.1:").isEqualTo(cluster.embedded().orElseThrow().pdEndpoint());
    }
  }

  @Test
  void healthServiceReportsServing() throws Exception {
    try (LocalCluster cluster = LocalCluster.start(LocalClusterOptions.defaults())) {
      ManagedChannel channel = NettyChannelBuilder.forTarget(cluster.pdAddresses()).usePlaintext().build();
      try {
        HealthCheckResponse resp =
            HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance());
        assertThat(resp.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void serverIsNotReachableOnNonLoopbackAddresses() throws Exception {
    Optional<InetAddress> external = nonLoopbackAddress();
    assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address to probe");
    try (LocalCluster cluster = LocalCluster.start(LocalClusterOptions.defaults())) {
      int port = Integer.parseInt(cluster.pdEndpoints().get(0).split(":")[1]);
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(external.get(), port), 2_000);
        throw new AssertionError("connected to " + external.get() + ":" + port + " although only loopback is bound");
      } catch (ConnectException expected) {
        assertThat(expected).hasMessageContaining("refused");
      }
    }
  }

  @Test
  void timestampsIncreaseStrictlyAndFollowTheAdvancedClock() throws Exception {
    try (LocalCluster cluster = LocalCluster.start(LocalClusterOptions.defaults());
        TiSession session = ClientSessions.txn(cluster)) {
      EmbeddedCluster embedded = cluster.embedded().orElseThrow();
      long previous = 0;
      for (int i = 0; i < 1_000; i++) {
        long ts = i % 2 == 0 ? embedded.timestamp() : session.getTimestamp().getVersion();
        assertThat(ts).isGreaterThan(previous);
        previous = ts;
      }

      embedded.advanceClock(Duration.ofHours(1));

      long after = session.getTimestamp().getVersion();
      assertThat((after >> 18) - (previous >> 18)).isGreaterThanOrEqualTo(Duration.ofHours(1).toMillis());
    }
  }

  @Test
  void closeEndsEveryServerThreadAndLeavesNoNonDaemonThreadBehind() throws Exception {
    Set<Long> nonDaemonBefore = liveThreads(false).stream().map(Thread::getId).collect(Collectors.toSet());
    LocalCluster cluster = LocalCluster.start(LocalClusterOptions.defaults());
    try (TiSession session = ClientSessions.txn(cluster)) {
      new TxnDriver(session).put("lifecycle/k", "v");
    }
    assertThat(serverThreads()).isNotEmpty();

    cluster.close();
    cluster.close(); // idempotent

    assertThat(serverThreads()).isEmpty();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    Set<String> leftOver;
    do {
      leftOver =
          liveThreads(false).stream()
              .filter(t -> !nonDaemonBefore.contains(t.getId()))
              .map(Thread::getName)
              .collect(Collectors.toSet());
    } while (!leftOver.isEmpty() && System.nanoTime() < deadline && pause());
    assertThat(leftOver).as("non-daemon threads that would keep the JVM alive").isEmpty();
  }

  private static List<String> serverThreads() {
    return liveThreads(true).stream()
        .map(Thread::getName)
        .filter(n -> n.startsWith(SERVER_THREAD_PREFIX))
        .collect(Collectors.toList());
  }

  private static Set<Thread> liveThreads(boolean includeDaemons) {
    Set<Thread> out = new HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && (includeDaemons || !t.isDaemon())) {
        out.add(t);
      }
    }
    return out;
  }

  /** Lets other threads finish between probes of a bounded wait. */
  private static boolean pause() {
    try {
      TimeUnit.MILLISECONDS.sleep(50);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nif.isUp() || nif.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(nif.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
          return Optional.of(a);
        }
      }
    }
    return Optional.empty();
  }
}
