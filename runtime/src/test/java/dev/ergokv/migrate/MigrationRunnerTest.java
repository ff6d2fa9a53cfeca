package dev.ergokv.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.Backend;
import dev.ergokv.ErgoKv;
import dev.ergokv.ErgoKvException;
import dev.ergokv.TestKv;
import dev.ergokv.internal.keys.KeySpace;
import dev.ergokv.internal.meta.EntityModels;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runners that die, runners that meet: on the in-memory engine, wrapped to count how many
 * committed transactions wrote each entity key and to fail a chosen commit.
 */
class MigrationRunnerTest {

  @RegisterExtension static final Backend BACKEND = Backend.inMemory();

  private static final AtomicInteger KEYSPACES = new AtomicInteger();

  /** Stands for the death of the process: nothing in the runner catches it. */
  static final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;
  }

  private final RecordingEngine engine = new RecordingEngine(BACKEND.engine());
  private final ErgoKv kv =
      TestKv.on(engine, "runner-" + KEYSPACES.incrementAndGet() + "-" + System.nanoTime(), b -> b);
  private final ExecutorService executor = Executors.newFixedThreadPool(2);

  @AfterEach
  void close() throws InterruptedException {
    executor.shutdownNow();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    kv.close();
  }

  private byte[] entityPrefix() {
    return KeySpace.of(kv.keyspace()).keys(EntityModels.of(Person.class)).entityRange().start();
  }

  /** Every entity key was written by exactly one committed transaction since the seeding. */
  private void assertEachEntityWrittenOnce(int entities) {
    Map<String, Integer> writes = engine.writesUnder(entityPrefix());
    assertThat(writes).hasSize(entities);
    assertThat(writes.values()).containsOnly(1);
  }

  @Test
  void aRunnerThatDiesAfterACommittedBatchIsResumedWithNothingRepeatedOrSkipped() {
    List<Person> people = People.seed(kv, 70, 30, 0);
    engine.clear();
    Migrator dying =
        kv.migrator()
            .owner("runner-A")
            .batchSize(10)
            .leaseDuration(Duration.ofMillis(300))
            .listener(
                p -> {
                  if (p.written() >= 30) {
                    throw new SimulatedCrash();
                  }
                });

    assertThatThrownBy(() -> dying.migrate(Person.class)).isInstanceOf(SimulatedCrash.class);

    MigrationResult running = kv.migrator().history(Person.class).get(0);
    assertThat(running.status()).isEqualTo(MigrationStatus.RUNNING);
    assertThat(running.migrated()).isEqualTo(30);
    assertThat(running.owner()).isEqualTo("runner-A");

    // Its lease outlives it: a runner that does not wait is told who holds the model.
    MigrationResult busy =
        kv.migrator().owner("runner-B").onBusy(Migrator.OnBusy.RETURN, Duration.ZERO).migrate(Person.class);
    assertThat(busy.status()).isEqualTo(MigrationStatus.BUSY);
    assertThat(busy.owner()).isEqualTo("runner-A");
    assertThat(busy.error()).contains("runner-A", "migrate to version 3");

    // A runner that waits takes the lease over once it expires, and resumes at the checkpoint.
    MigrationResult resumed = kv.migrator().owner("runner-B").batchSize(10).migrate(Person.class);

    assertThat(resumed.status()).isEqualTo(MigrationStatus.COMPLETED);
    assertThat(resumed.runId()).isEqualTo(running.runId());
    assertThat(resumed.resumes()).isEqualTo(1);
    assertThat(resumed.migrated()).isEqualTo(100);
    assertThat(resumed.scanned()).isEqualTo(100);
    assertThat(resumed.owner()).isEqualTo("runner-B");
    assertEachEntityWrittenOnce(100);
    assertThat(RawKeys.data(BACKEND.engine(), kv))
        .containsExactlyInAnyOrderElementsOf(People.keysAtVersion3(people));
    assertThat(kv.migrator().history(Person.class)).containsExactly(resumed);
  }

  @Test
  void aCommitThatFailsMidRunLeavesTheRunResumableAndTheLeaseFree() {
    People.seed(kv, 50, 0, 0);
    engine.clear();
    // Commits: 1 takes the lease, 2 starts the run, 3 is batch 1, 4 is batch 2.
    engine.failCommit(4);

    assertThatThrownBy(() -> kv.migrator().batchSize(10).migrate(Person.class))
        .isInstanceOf(ErgoKvException.class)
        .hasMessageContaining("injected");

    MigrationResult running = kv.migrator().history(Person.class).get(0);
    assertThat(running.status()).isEqualTo(MigrationStatus.RUNNING);
    assertThat(running.migrated()).isEqualTo(10);

    // The lease was released on the way out: the next runner resumes at once.
    MigrationResult resumed =
        kv.migrator().onBusy(Migrator.OnBusy.RETURN, Duration.ZERO).batchSize(10).migrate(Person.class);
    assertThat(resumed.status()).isEqualTo(MigrationStatus.COMPLETED);
    assertThat(resumed.resumes()).isEqualTo(1);
    assertThat(resumed.migrated()).isEqualTo(50);
    assertEachEntityWrittenOnce(50);
  }

  @Test
  void whileOneRunnerAppliesAnotherReturnsBusyOrWaitsAndThenFindsNothingLeft() throws Exception {
    People.seed(kv, 40, 10, 0);
    engine.clear();
    CountDownLatch firstBatch = new CountDownLatch(1);
    CountDownLatch mayContinue = new CountDownLatch(1);
    Migrator applying =
        kv.migrator()
            .owner("A")
            .batchSize(10)
            .listener(
                p -> {
                  if (p.written() == 10) {
                    firstBatch.countDown();
                    await(mayContinue);
                  }
                });
    Future<MigrationResult> a = executor.submit(() -> applying.migrate(Person.class));
    assertThat(firstBatch.await(10, TimeUnit.SECONDS)).isTrue();

    MigrationResult returned =
        kv.migrator().owner("B").onBusy(Migrator.OnBusy.RETURN, Duration.ZERO).migrate(Person.class);
    AtomicInteger waiterBatches = new AtomicInteger();
    Future<MigrationResult> waiting =
        executor.submit(
            () ->
                kv.migrator()
                    .owner("C")
                    .onBusy(Migrator.OnBusy.WAIT, Duration.ofSeconds(30))
                    .listener(p -> waiterBatches.incrementAndGet())
                    .migrate(Person.class));
    assertThat(waiting.isDone()).isFalse();
    mayContinue.countDown();

    assertThat(returned.status()).isEqualTo(MigrationStatus.BUSY);
    assertThat(returned.owner()).isEqualTo("A");
    MigrationResult applied = a.get(10, TimeUnit.SECONDS);
    assertThat(applied.status()).isEqualTo(MigrationStatus.COMPLETED);
    assertThat(applied.migrated()).isEqualTo(50);
    MigrationResult waited = waiting.get(30, TimeUnit.SECONDS);
    assertThat(waited.status()).isEqualTo(MigrationStatus.COMPLETED);
    assertThat(waited.runId()).isNull();
    assertThat(waiterBatches).hasValue(0);
    assertEachEntityWrittenOnce(50);
    assertThat(kv.migrator().history(Person.class)).containsExactly(applied);
  }

  @Test
  void migrateAllRunsEachModelInTurn() {
    People.seed(kv, 5, 5, 0);
    kv.transact(tx -> tx.insert(new PersonV1(100, "z", "Zed Zee", "Z")));

    List<MigrationResult> results = kv.migrateAll(Person.class, dev.ergokv.entities.Account.class);

    assertThat(results).extracting(MigrationResult::status)
        .containsExactly(MigrationStatus.COMPLETED, MigrationStatus.COMPLETED);
    assertThat(results.get(0).migrated()).isEqualTo(11);
    assertThat(results.get(1).runId()).isNull(); // no chain, nothing to do
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("the test never let the runner continue");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
