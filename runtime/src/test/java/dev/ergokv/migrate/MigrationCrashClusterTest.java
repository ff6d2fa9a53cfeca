package dev.ergokv.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.ClusterUnavailableException;
import dev.ergokv.CommitOutcomeUnknownException;
import dev.ergokv.ErgoKv;
import dev.ergokv.TestKv;
import dev.ergokv.internal.keys.KeySpace;
import dev.ergokv.internal.meta.EntityModels;
import dev.ergokv.internal.txn.EngineConfig;
import dev.ergokv.internal.txn.tikv.TikvEngine;
import dev.ergokv.localcluster.Backend;
import dev.ergokv.localcluster.LocalCluster;
import dev.ergokv.localcluster.LocalClusterOptions;
import dev.ergokv.localcluster.embedded.EmbeddedCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real crash on the embedded cluster: the server dies right after applying the prewrite of a
 * migration batch, and the runner never learns the outcome. After a restart, a second runner
 * takes the dead runner's expired lease over and resumes at the last committed checkpoint.
 *
 * <p>With two-phase commit the dead batch left locks, which lock resolution rolls back, so the
 * batch is redone. With 1PC the prewrite WAS the commit: the batch (and its checkpoint) are in,
 * so the next runner continues after it. Either way each entity is written by exactly one
 * committed transaction.
 */
class MigrationCrashClusterTest {

  private static LocalCluster cluster;
  private static EmbeddedCluster embedded;

  @BeforeAll
  static void start() {
    cluster = LocalCluster.start(LocalClusterOptions.builder().backend(Backend.EMBEDDED).build());
    embedded = cluster.embedded().orElseThrow();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  /** An engine with short budgets: the dead server is given up on within about a second. */
  private static TikvEngine engine(boolean onePhaseCommit) {
    return TikvEngine.connect(
        new EngineConfig(
            cluster.pdEndpoints(),
            Map.of(),
            null,
            Duration.ofSeconds(10),
            Duration.ofMillis(300),
            Duration.ofSeconds(1)),
        new TikvEngine.Tuning(onePhaseCommit, true, true));
  }

  @Test
  void aCrashBetweenPrewriteAndCommitIsRolledBackAndTheBatchRedone() {
    try (TikvEngine tikv = engine(false)) {
      crashAndResume(tikv, true);
    }
  }

  @Test
  void aCrashAfterAOnePhaseCommitKeepsTheBatchAndContinuesAfterIt() {
    try (TikvEngine tikv = engine(true)) {
      crashAndResume(tikv, false);
    }
  }

  private void crashAndResume(TikvEngine tikv, boolean twoPhase) {
    RecordingEngine engine = new RecordingEngine(tikv);
    try (ErgoKv kv = TestKv.on(engine, "crash-" + System.nanoTime(), b -> b)) {
      List<Person> people = People.seed(kv, 45, 15, 0);
      engine.clear();
      Migrator dying =
          kv.migrator()
              .owner("runner-A")
              .batchSize(10)
              .leaseDuration(Duration.ofSeconds(2))
              .listener(
                  p -> {
                    if (p.written() == 20) {
                      embedded.crashAfterNextPrewrite(); // the third batch's commit
                    }
                  });

      // A crash after a 2PC prewrite: the commit is refused at connect, so it surely did not
      // land. After a 1PC prewrite the request may have committed and its answer is lost: the
      // engine says the outcome is unknown (it did commit, as the history below shows).
      assertThatThrownBy(() -> dying.migrate(Person.class))
          .isInstanceOf(twoPhase ? ClusterUnavailableException.class : CommitOutcomeUnknownException.class);
      assertThat(embedded.isServing()).isFalse();

      embedded.restart();
      // (Checked before anything reads: a reader resolves expired locks.)
      assertThat(embedded.lockedKeys())
          .as("locks of a batch whose commit never came")
          // 10 entities, each with 2 index keys written (email, lastName) and 2 deleted (login,
          // city), the run record and the lease.
          .hasSize(twoPhase ? 10 * 5 + 2 : 0);
      MigrationResult running = kv.migrator().history(Person.class).get(0);
      assertThat(running.status()).isEqualTo(MigrationStatus.RUNNING);
      if (twoPhase) {
        assertThat(running.migrated()).isEqualTo(20);
      } else {
        assertThat(running.migrated()).as("the 1PC prewrite committed batch 3").isEqualTo(30);
      }

      // The cluster's clock passes the dead runner's lease (and its locks' TTL).
      embedded.advanceClock(Duration.ofSeconds(5));
      MigrationResult resumed =
          kv.migrator()
              .owner("runner-B")
              .onBusy(Migrator.OnBusy.RETURN, Duration.ZERO)
              .batchSize(10)
              .migrate(Person.class);

      assertThat(resumed.status()).isEqualTo(MigrationStatus.COMPLETED);
      assertThat(resumed.runId()).isEqualTo(running.runId());
      assertThat(resumed.resumes()).isEqualTo(1);
      assertThat(resumed.migrated()).isEqualTo(60);
      assertThat(resumed.migratedFromVersion()).containsExactly(Map.entry(1, 45L), Map.entry(2, 15L));
      // Writes seen committed by the engine; with 1PC the crashed batch committed unseen.
      Map<String, Integer> writes =
          engine.writesUnder(
              KeySpace.of(kv.keyspace()).keys(EntityModels.of(Person.class)).entityRange().start());
      assertThat(writes).hasSize(twoPhase ? 60 : 50);
      assertThat(writes.values()).containsOnly(1);
      assertThat(RawKeys.data(tikv, kv)).containsExactlyInAnyOrderElementsOf(People.keysAtVersion3(people));
      assertThat(embedded.lockedKeys()).isEmpty();
    }
  }
}
