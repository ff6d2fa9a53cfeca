package dev.ergokv.localcluster.embedded;

import dev.ergokv.localcluster.LocalClusterOptions;
import static dev.ergokv.localcluster.embedded.TxnDriver.bs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.localcluster.LocalCluster;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.tikv.common.TiSession;
import org.tikv.shade.com.google.protobuf.ByteString;

/** Injected region errors, gRPC failures and delays, and how the real client recovers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)

// The client's close() methods declare InterruptedException; try-with-resources is still right.
@SuppressWarnings("try")class FaultInjectionConformanceTest {

  private LocalCluster cluster;
  private EmbeddedCluster embedded;
  private TiSession session;
  private TxnDriver txn;

  @BeforeAll
  void start() {
    cluster = LocalCluster.start(LocalClusterOptions.defaults());
    embedded = cluster.embedded().orElseThrow();
    session = ClientSessions.txn(cluster);
    txn = new TxnDriver(session);
  }

  @AfterEach
  void noFaultLeftBehind() {
    embedded.clearFaults();
  }

  @AfterAll
  void stop() throws Exception {
    if (session != null) {
      session.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void notLeaderOnReadsIsRecoveredByTheClient() throws Exception {
    txn.put("fault/not-leader", "v");
    embedded.failNext("KvGet", 2, Fault.notLeader());

    assertThat(txn.get("fault/not-leader")).isEqualTo("v");
    assertThat(embedded.pendingFaults("KvGet")).isZero();
  }

  @Test
  void epochNotMatchOnPrewriteIsRecoveredByTheClient() throws Exception {
    embedded.failNext("KvPrewrite", 1, Fault.epochNotMatch());

    txn.put("fault/epoch", "v");

    assertThat(embedded.pendingFaults("KvPrewrite")).isZero();
    assertThat(txn.get("fault/epoch")).isEqualTo("v");
  }

  @Test
  void epochNotMatchOnReadsIsRecoveredByTheClient() throws Exception {
    txn.put("fault/epoch-read", "v");
    embedded.failNext("KvGet", 1, Fault.epochNotMatch());

    assertThat(txn.get("fault/epoch-read")).isEqualTo("v");
    assertThat(embedded.pendingFaults("KvGet")).isZero();
  }

  @Test
  void serverIsBusyOnCommitIsRetriedUntilItCommits() throws Exception {
    embedded.failNext("KvCommit", 1, Fault.serverIsBusy());

    txn.commit(Map.of("fault/busy/p", "1", "fault/busy/s", "2"));

    assertThat(embedded.pendingFaults("KvCommit")).isZero();
    assertThat(txn.get("fault/busy/p")).isEqualTo("1");
    assertThat(txn.get("fault/busy/s")).isEqualTo("2");
  }

  @Test
  void unavailableTimestampIsRetriedByTheClient() {
    embedded.failNext("Tso", 1, Fault.grpcStatus("UNAVAILABLE"));

    long ts = session.getTimestamp().getVersion();

    assertThat(ts).isPositive();
    assertThat(embedded.pendingFaults("Tso")).isZero();
  }

  @Test
  void unavailableRegionLookupIsRetriedByTheClient() throws Exception {
    txn.put("fault/pd", "v");
    session.getRegionManager().invalidateAll();
    embedded.failNext("GetRegion", 1, Fault.grpcStatus("UNAVAILABLE"));

    assertThat(txn.get("fault/pd")).isEqualTo("v");
    assertThat(embedded.pendingFaults("GetRegion")).isZero();
  }

  @Test
  void unavailableRawPutIsRetriedByTheRawClient() throws Exception {
    try (TiSession rawSession = ClientSessions.raw(cluster)) {
      embedded.failNext("RawPut", 1, Fault.grpcStatus("UNAVAILABLE"));

      rawSession.createRawClient().put(bs("fault/raw"), bs("v"));

      assertThat(embedded.pendingFaults("RawPut")).isZero();
      assertThat(rawSession.createRawClient().get(bs("fault/raw")).map(ByteString::toStringUtf8)).contains("v");
    }
  }

  @Test
  void delayBeyondTheClientTimeoutIsRetriedAndAnswered() throws Exception {
    txn.put("fault/slow", "v");
    try (TiSession impatient = ClientSessions.txn(cluster, 300)) {
      TxnDriver reader = new TxnDriver(impatient);
      reader.get("fault/slow"); // warm the region cache, so that the delay hits the read itself
      embedded.failNext("KvGet", 1, Fault.delay(Duration.ofMillis(1_500)));

      assertThat(reader.get("fault/slow")).isEqualTo("v");
      assertThat(embedded.pendingFaults("KvGet")).isZero();
    }
  }

  @Test
  void faultsOfTheSameRpcAreUsedUpInTheOrderTheyWereArmed() {
    embedded.failNext("KvScan", 2, Fault.serverIsBusy());
    embedded.failNext("KvScan", 3, Fault.notLeader());

    assertThat(embedded.pendingFaults("KvScan")).isEqualTo(5);
    embedded.clearFaults();
    assertThat(embedded.pendingFaults("KvScan")).isZero();
  }

  @Test
  void unknownRpcNameIsRejectedNamingTheKnownOnes() {
    assertThatThrownBy(() -> embedded.failNext("KvPrewirte", 1, Fault.notLeader()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown RPC 'KvPrewirte'")
        .hasMessageContaining("KvPrewrite");
  }

  @Test
  void regionErrorOnAPdMethodIsRejected() {
    assertThatThrownBy(() -> embedded.failNext("GetRegion", 1, Fault.notLeader()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PD method GetRegion cannot carry it");
  }

  @Test
  void nonPositiveTimesAndUnknownStatusCodesAreRejected() {
    assertThatThrownBy(() -> embedded.failNext("KvGet", 0, Fault.serverIsBusy()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> Fault.grpcStatus("BROKEN"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown gRPC status code 'BROKEN'");
    assertThatThrownBy(() -> Fault.delay(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
  }
}
