package dev.ergokv.localcluster.embedded;

import dev.ergokv.localcluster.LocalClusterOptions;
import static dev.ergokv.localcluster.embedded.TxnDriver.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.localcluster.LocalCluster;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.tikv.common.TiSession;
import org.tikv.common.util.ConcreteBackOffer;
import org.tikv.txn.TwoPhaseCommitter;

/** A writer that dies between prewrite and commit, simulated by stopping the server after it. */

// The client's close() methods declare InterruptedException; try-with-resources is still right.
@SuppressWarnings("try")class CrashConformanceTest {

  private static final long WRITER_LOCK_TTL_MS = 3_000;

  @Test
  void crashedWritersLockIsResolvedByAReaderOnceItsTtlExpired() throws Exception {
    try (LocalCluster cluster = LocalCluster.start(LocalClusterOptions.defaults())) {
      EmbeddedCluster embedded = cluster.embedded().orElseThrow();
      String endpoint = embedded.pdEndpoint();
      try (TiSession setup = ClientSessions.txn(cluster)) {
        new TxnDriver(setup).put("crash/k", "before");
      }

      crashWhileWriting(cluster, "crash/k", "never-committed");

      assertThat(embedded.isServing()).isFalse();
      embedded.restart();
      assertThat(embedded.isServing()).isTrue();
      assertThat(embedded.pdEndpoint()).isEqualTo(endpoint);
      assertThat(embedded.lockedKeys()).anyMatch(k -> Arrays.equals(k, bytes("crash/k")));

      try (TiSession readerSession = ClientSessions.txn(cluster)) {
        TxnDriver reader = new TxnDriver(readerSession);
        // Within the TTL the reader steps around the lock (pushing its commit ts) but leaves it.
        assertThat(reader.get("crash/k")).isEqualTo("before");
        assertThat(embedded.lockedKeys()).anyMatch(k -> Arrays.equals(k, bytes("crash/k")));

        embedded.advanceClock(Duration.ofMillis(WRITER_LOCK_TTL_MS * 3));

        assertThat(reader.get("crash/k")).isEqualTo("before");
        assertThat(embedded.lockedKeys()).noneMatch(k -> Arrays.equals(k, bytes("crash/k")));
        reader.put("crash/k", "after");
        assertThat(reader.get("crash/k")).isEqualTo("after");
      }
    }
  }

  @Test
  void restartedServerServesTheDataCommittedBeforeTheCrash() throws Exception {
    try (LocalCluster cluster = LocalCluster.start(LocalClusterOptions.defaults())) {
      EmbeddedCluster embedded = cluster.embedded().orElseThrow();
      try (TiSession setup = ClientSessions.txn(cluster)) {
        new TxnDriver(setup).put("survives/k", "kept");
      }

      crashWhileWriting(cluster, "survives/other", "x");
      embedded.restart();

      try (TiSession session = ClientSessions.txn(cluster)) {
        assertThat(new TxnDriver(session).get("survives/k")).isEqualTo("kept");
      }
    }
  }

  @Test
  void restartWhileServingDoesNothingAndRestartAfterCloseIsRefused() {
    LocalCluster cluster = LocalCluster.start(LocalClusterOptions.defaults());
    EmbeddedCluster embedded = cluster.embedded().orElseThrow();
    embedded.restart();
    assertThat(embedded.isServing()).isTrue();

    cluster.close();

    assertThat(embedded.isServing()).isFalse();
    assertThatThrownBy(embedded::restart).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  /** Prewrites through a writer session that the crash leaves without an answer. */
  private static void crashWhileWriting(LocalCluster cluster, String key, String value) throws Exception {
    EmbeddedCluster embedded = cluster.embedded().orElseThrow();
    try (TiSession writer = ClientSessions.txn(cluster)) {
      long startTs = writer.getTimestamp().getVersion();
      embedded.crashAfterNextPrewrite();
      try (TwoPhaseCommitter committer = new TwoPhaseCommitter(writer, startTs, WRITER_LOCK_TTL_MS)) {
        assertThatThrownBy(
                () -> committer.prewritePrimaryKey(ConcreteBackOffer.newCustomBackOff(1_000), bytes(key), bytes(value)))
            .isInstanceOf(RuntimeException.class);
      }
    }
  }
}
