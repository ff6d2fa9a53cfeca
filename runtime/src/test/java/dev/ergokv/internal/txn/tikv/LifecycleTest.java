package dev.ergokv.internal.txn.tikv;

import static dev.ergokv.internal.txn.tikv.EngineFixture.awaitTrue;
import static dev.ergokv.internal.txn.tikv.EngineFixture.b;
import static dev.ergokv.internal.txn.tikv.EngineFixture.read;
import static dev.ergokv.internal.txn.tikv.EngineFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.ClusterUnavailableException;
import dev.ergokv.internal.txn.EngineConfig;
import dev.ergokv.internal.txn.KvEngine;
import dev.ergokv.internal.txn.KvTransaction;
import dev.ergokv.localcluster.embedded.Fault;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tikv.common.TiConfiguration;
import org.tikv.common.TiSession;

/** Connecting, sharing a session, and closing: bounded failures, no threads left behind. */
class LifecycleTest {

  @Test
  void anUnreachablePdFailsWithinTheConnectTimeoutNamingTheEndpoints() throws IOException {
    String nobody = "127.0.0.1:" + freePort();
    String alsoNobody = "127.0.0.1:" + freePort();
    Duration timeout = Duration.ofSeconds(2);
    EngineConfig config = new EngineConfig(List.of(nobody, alsoNobody), Map.of(), null, timeout, Duration.ofSeconds(1), Duration.ofSeconds(3));

    long start = System.nanoTime();
    assertThatThrownBy(() -> TikvEngine.connect(config))
        .isInstanceOfSatisfying(
            ClusterUnavailableException.class,
            e -> {
              assertThat(e.endpoints()).containsExactly(nobody, alsoNobody);
              assertThat(e.waited()).isGreaterThanOrEqualTo(timeout);
            })
        .hasMessageContaining(nobody)
        .hasMessageContaining(alsoNobody);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusSeconds(3));
  }

  @Test
  void closingStopsEveryThreadTheEngineAndItsSessionStarted() {
    Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
    try (EngineFixture fixture = EngineFixture.start("m")) {
      TikvEngine engine =
          TikvEngine.connect(fixture.config(EngineFixture.REQUEST_TIMEOUT, Duration.ofMillis(300)), TikvEngine.Tuning.DEFAULT);
      try {
        // Use both pools: a commit that lives past a heartbeat, with a secondary in the background.
        engine.context().observer((startTs, commitTs) -> awaitTrue("a heartbeat", () -> engine.context().heartbeatsSent() > 0));
        try (KvTransaction tx = engine.begin()) {
          tx.put(b("a-threads/k"), b("v"));
          tx.put(b("z-threads/k"), b("v"));
          tx.commit();
        }
        assertThat(started(before)).anyMatch(t -> t.getName().startsWith("ergokv-txn-heartbeat"));
        assertThat(started(before)).anyMatch(t -> t.getName().startsWith("ergokv-txn-commit"));
      } finally {
        engine.close();
      }
      awaitTrue("the engine's and its session's threads to end, left: " + started(before), () -> started(before).isEmpty());
    }
  }

  @Test
  @SuppressWarnings("try") // TiSession.close() declares Exception; try-with-resources is still right
  void aBorrowedSessionStaysOpenAndAnOwnedOneIsClosed() throws Exception {
    try (EngineFixture fixture = EngineFixture.start()) {
      TiConfiguration conf = TiConfiguration.createDefault(fixture.cluster.pdAddresses());
      conf.setTimeout(2_000);
      try (TiSession shared = TiSession.create(conf)) {
        EngineConfig config =
            new EngineConfig(List.of(), Map.of(), shared, Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(3));
        try (KvEngine engine = TikvEngine.connect(config)) {
          try (KvTransaction tx = engine.begin()) {
            tx.put(b("borrowed/k"), b("v"));
            tx.commit();
          }
        }
        assertThat(shared.getTimestamp().getVersion()).isPositive(); // still open
      }
      TikvEngine owning = fixture.engine();
      TiSession own = owning.session();
      KvTransaction open = owning.begin();
      owning.close();
      assertThatThrownBy(own::getTimestamp).hasMessageContaining("closed");
      assertThatThrownBy(owning::begin).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
      assertThatThrownBy(() -> open.get(b("borrowed/k"))).isInstanceOf(IllegalStateException.class).hasMessageContaining("engine is closed");
      open.close();
      owning.close(); // idempotent
    }
  }

  @Test
  void closeWaitsForCommitsOfSecondaryKeysStillRunning() {
    try (EngineFixture fixture = EngineFixture.start("m")) {
      TikvEngine engine = fixture.engine();
      write(engine, "a-drain/warm", "x");
      // The primary's commit and then the background commit of the other region are slow.
      fixture.embedded.failNext("KvCommit", 2, Fault.delay(Duration.ofMillis(300)));
      try (KvTransaction tx = engine.begin()) {
        tx.put(b("a-drain/k"), b("v"));
        tx.put(b("z-drain/k"), b("v"));
        tx.commit();
      }
      assertThat(fixture.lockedKeys()).containsExactly("z-drain/k"); // still committing

      engine.close();

      assertThat(fixture.lockedKeys()).isEmpty();
      assertThat(fixture.embedded.pendingFaults("KvCommit")).isZero();
      assertThat(read(fixture.engine(), "z-drain/k")).isEqualTo("v");
    }
  }

  /** Threads alive now that were not before, excluding the JDK's and gRPC's shared pools. */
  private static List<Thread> started(Set<Thread> before) {
    List<Thread> out = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (!before.contains(t) && t.isAlive() && !isSharedForTheProcess(t)) {
        out.add(t);
      }
    }
    return out;
  }

  /**
   * Daemon pools shared by every gRPC channel of the process (event loops, the default executor)
   * and the JVM's own: they outlive any one client by design.
   */
  private static boolean isSharedForTheProcess(Thread t) {
    String name = t.getName();
    return t.isDaemon()
        && (name.startsWith("grpc-nio-worker-ELG")
            || name.startsWith("grpc-default-executor")
            || name.startsWith("grpc-shared-destroyer")
            || name.startsWith("ForkJoinPool.commonPool")
            || name.startsWith("ergokv-embedded")); // the cluster's own, stopped by its close
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
