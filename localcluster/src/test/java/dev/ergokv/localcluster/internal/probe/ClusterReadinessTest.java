package dev.ergokv.localcluster.internal.probe;

import static dev.ergokv.localcluster.internal.probe.FakePdHttpServer.stores;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.localcluster.Backend;
import dev.ergokv.localcluster.ClusterStartException;
import dev.ergokv.localcluster.internal.process.FreePorts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ClusterReadinessTest {

  private static final StoreState UP = new StoreState(1, "127.0.0.1:20160", "Up");
  private static final StoreState OFFLINE = new StoreState(1, "127.0.0.1:20160", "Offline");
  private static final StoreState DOWN = new StoreState(1, "127.0.0.1:20160", "Down");

  /** Records the calls, and fails the first {@code failures} of them. */
  private static final class RecordingTransaction implements TransactionCheck {
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final int failures;

    RecordingTransaction(int failures) {
      this.failures = failures;
    }

    @Override
    public void run(List<String> pd, Map<String, String> mapping, Duration budget) {
      calls.add(pd + " " + mapping);
      if (calls.size() <= failures) {
        throw new IllegalStateException("region has no leader yet (call " + calls.size() + ")");
      }
    }
  }

  @Test
  void waitsForAStoreUpThenForTheTransaction() throws Exception {
    try (FakePdHttpServer pd =
        FakePdHttpServer.start(stores(), stores(OFFLINE), stores(DOWN), stores(UP))) {
      RecordingTransaction transaction = new RecordingTransaction(2);
      AtomicInteger requestsAtFirstTransaction = new AtomicInteger(-1);
      TransactionCheck observed =
          (endpoints, mapping, budget) -> {
            requestsAtFirstTransaction.compareAndSet(-1, pd.requests());
            transaction.run(endpoints, mapping, budget);
          };

      readiness(pd, observed, Map.of("tikv:20160", "localhost:1234"))
          .await(Deadline.after(Duration.ofSeconds(20)));

      // The transaction is tried only once PD has shown the store Up (the fourth answer).
      assertThat(requestsAtFirstTransaction).hasValue(4);
      assertThat(transaction.calls)
          .hasSize(3)
          .allMatch(c -> c.equals("[" + pd.endpoint() + "] {tikv:20160=localhost:1234}"));
    }
  }

  @Test
  void aStoreThatNeverComesUpFailsAfterTheDeadlineNamingEndpointStateAndDiagnostics()
      throws Exception {
    try (FakePdHttpServer pd = FakePdHttpServer.start(stores(), stores(OFFLINE))) {
      RecordingTransaction transaction = new RecordingTransaction(0);
      long begin = System.nanoTime();

      assertThatThrownBy(
              () ->
                  readiness(pd, transaction, Map.of())
                      .await(Deadline.after(Duration.ofMillis(600))))
          .isInstanceOfSatisfying(
              ClusterStartException.class,
              e -> {
                assertThat(e.backend()).isEqualTo(Backend.TIUP);
                assertThat(e.getMessage())
                    .startsWith("test cluster (PD " + pd.endpoint() + ") did not become ready within 600 ms")
                    .contains("a TiKV store Up in PD (http://" + pd.endpoint() + "/pd/api/v1/stores)")
                    .contains("last seen: no store is Up: store 1 at 127.0.0.1:20160 is Offline")
                    .doesNotContain("PD reports no TiKV store yet")
                    .endsWith("\n--- log tail ---");
              });
      assertThat(Duration.ofNanos(System.nanoTime() - begin))
          .isGreaterThanOrEqualTo(Duration.ofMillis(600));
      assertThat(transaction.calls).isEmpty();
    }
  }

  @Test
  void anUnreachablePdReportsTheConnectionError() {
    String endpoint = "127.0.0.1:" + FreePorts.one();
    ClusterReadiness readiness =
        ClusterReadiness.builder(Backend.EXTERNAL, "external cluster", List.of(endpoint))
            .stores(new PdHttpStores(endpoint))
            .build();

    assertThatThrownBy(() -> readiness.await(Deadline.after(Duration.ofMillis(300))))
        .isInstanceOf(ClusterStartException.class)
        .hasMessageContaining("external cluster (PD " + endpoint + ")")
        .hasMessageContaining(
            // Refused, or (on a loaded machine, with the deadline nearly spent) timed out while
            // connecting: both are reported as the endpoint being unreachable.
            "last seen: ConnectException: cannot connect to http://" + endpoint + "/pd/api/v1/stores")
        .hasCauseInstanceOf(ProbeTimeoutException.class);
  }

  @Test
  void aTransactionThatNeverSucceedsFailsNamingThatStep() throws Exception {
    try (FakePdHttpServer pd = FakePdHttpServer.start(stores(UP))) {
      RecordingTransaction transaction = new RecordingTransaction(Integer.MAX_VALUE);

      assertThatThrownBy(
              () ->
                  readiness(pd, transaction, Map.of())
                      .await(Deadline.after(Duration.ofMillis(500))))
          .isInstanceOf(ClusterStartException.class)
          .hasMessageContaining(
              "a transaction to commit and read back through tikv-client-java via PD " + pd.endpoint())
          .hasMessageContaining("last seen: IllegalStateException: region has no leader yet");
      assertThat(transaction.calls).isNotEmpty();
    }
  }

  @Test
  void aDeadProcessFailsAtOnceWithTheReasonAndDiagnostics() throws Exception {
    try (FakePdHttpServer pd = FakePdHttpServer.start(stores())) {
      AtomicBoolean dead = new AtomicBoolean();
      CompletableFuture<Void> exit = new CompletableFuture<>();
      ClusterReadiness readiness =
          ClusterReadiness.builder(Backend.TIUP, "test cluster", List.of(pd.endpoint()))
              .stores(
                  new StoresSource() {
                    @Override
                    public List<StoreState> fetch(Deadline deadline) throws Exception {
                      List<StoreState> stores = new PdHttpStores(pd.endpoint()).fetch(deadline);
                      if (pd.requests() >= 3) {
                        dead.set(true);
                        exit.complete(null);
                      }
                      return stores;
                    }

                    @Override
                    public String describe() {
                      return "fake";
                    }
                  })
              .abortWhen(
                  () -> dead.get() ? Optional.of("tikv-server (pid 7) exited with code 1") : Optional.empty(),
                  exit)
              .diagnostics(() -> "--- last lines of tikv-server log ---\npanic: bad config")
              .build();

      assertThatThrownBy(() -> readiness.await(Deadline.after(Duration.ofSeconds(20))))
          .isInstanceOf(ClusterStartException.class)
          .hasMessageStartingWith("test cluster (PD " + pd.endpoint() + ") failed to start:")
          .hasMessageContaining("tikv-server (pid 7) exited with code 1")
          .hasMessageContaining("last seen: PD reports no TiKV store yet")
          .hasMessageEndingWith("\n--- last lines of tikv-server log ---\npanic: bad config");
      assertThat(pd.requests()).isEqualTo(3);
    }
  }

  @Test
  void withoutATransactionCheckAStoreUpIsEnough() throws Exception {
    try (FakePdHttpServer pd = FakePdHttpServer.start(stores(), stores(UP))) {
      ClusterReadiness.builder(Backend.EXTERNAL, "external", List.of(pd.endpoint()))
          .stores(new PdHttpStores(pd.endpoint()))
          .build()
          .await(Deadline.after(Duration.ofSeconds(20)));

      assertThat(pd.requests()).isEqualTo(2);
    }
  }

  @Test
  void awaitPdNeedsOnlyAnAnswer() throws Exception {
    try (FakePdHttpServer pd =
        FakePdHttpServer.start(FakePdHttpServer.error(500, "starting"), stores())) {
      readiness(pd, new RecordingTransaction(0), Map.of()).awaitPd(Deadline.after(Duration.ofSeconds(20)));

      assertThat(pd.requests()).isEqualTo(2);
    }
  }

  private static ClusterReadiness readiness(
      FakePdHttpServer pd, TransactionCheck transaction, Map<String, String> mapping) {
    return ClusterReadiness.builder(Backend.TIUP, "test cluster", List.of(pd.endpoint()))
        .hostMapping(mapping)
        .stores(new PdHttpStores(pd.endpoint()))
        .transaction(transaction)
        .diagnostics(() -> "--- log tail ---")
        .build();
  }
}
