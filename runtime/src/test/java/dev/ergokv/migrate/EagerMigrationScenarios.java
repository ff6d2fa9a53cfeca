package dev.ergokv.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.Backend;
import dev.ergokv.CorruptValueException;
import dev.ergokv.ErgoKv;
import dev.ergokv.ReadTransaction;
import dev.ergokv.TestKv;
import dev.ergokv.internal.codec.EntityCodec;
import dev.ergokv.internal.keys.KeySpace;
import dev.ergokv.internal.keys.ModelKeys;
import dev.ergokv.internal.meta.EntityModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The eager path on a three-version chain: every older value rewritten in batches with its
 * index entries, the history, duplicates of a new unique index, and values that stop the run.
 */
abstract class EagerMigrationScenarios {

  abstract Backend backend();

  private static ModelKeys<Person> keys(ErgoKv kv) {
    return KeySpace.of(kv.keyspace()).keys(EntityModels.of(Person.class));
  }

  private Map<Long, Integer> versions(ErgoKv kv) {
    Map<Long, Integer> versions = new java.util.TreeMap<>();
    EntityCodec<Person> codec = EntityCodec.of(Person.class);
    ModelKeys<Person> keys = keys(kv);
    RawKeys.all(backend().engine(), kv.keyspace()).forEach((hex, value) -> {
      byte[] key = RawKeys.Hex.decode(hex);
      if (keys.entityRange().contains(key)) {
        versions.put((Long) keys.keyOfEntityKey(key), codec.storedVersion(key, value));
      }
    });
    return versions;
  }

  private static List<Person> all(ErgoKv kv) {
    return kv.read((ReadTransaction tx) -> tx.all(Person.class).toList());
  }

  @Test
  void everyOlderValueIsRewrittenInBatchesWithItsIndexesAndRecorded() {
    ErgoKv kv = backend().open();
    List<Person> expected = People.seed(kv, 30, 25, 5);
    List<Progress> progress = new CopyOnWriteArrayList<>();

    MigrationResult result = kv.migrator().batchSize(16).listener(progress::add).migrate(Person.class);

    assertThat(result.status()).isEqualTo(MigrationStatus.COMPLETED);
    assertThat(result.runId()).isNotNull();
    assertThat(result.model()).isEqualTo("Person");
    assertThat(result.toVersion()).isEqualTo(3);
    assertThat(result.migrated()).isEqualTo(55);
    assertThat(result.scanned()).isEqualTo(60);
    assertThat(result.migratedFromVersion()).containsExactly(Map.entry(1, 30L), Map.entry(2, 25L));
    assertThat(result.batches()).isGreaterThanOrEqualTo(4);
    assertThat(result.duplicates()).isEmpty();
    assertThat(result.finishedAt()).isAfterOrEqualTo(result.startedAt());
    assertThat(versions(kv).values()).hasSize(60).containsOnly(3);
    // Old indexes (login, city) cleaned, email backfilled, lastName kept or backfilled.
    assertThat(RawKeys.data(backend().engine(), kv))
        .containsExactlyInAnyOrderElementsOf(People.keysAtVersion3(expected));
    assertThat(all(kv)).containsExactlyElementsOf(expected);
    assertThat(kv.read((ReadTransaction tx) -> tx.find(Person.class, "lastName", "Last3").count()))
        .isEqualTo(expected.stream().filter(p -> p.lastName().equals("Last3")).count());
    assertThat(kv.migrator().history(Person.class)).containsExactly(result);
    // Progress after every batch, counts growing, a last report that says so.
    assertThat(progress).hasSizeGreaterThanOrEqualTo(5);
    assertThat(progress.get(progress.size() - 1).finished()).isTrue();
    assertThat(progress.get(progress.size() - 1).written()).isEqualTo(55);
    assertThat(progress).extracting(Progress::written).isSorted();
  }

  @Test
  void aBatchFilledByTheLastEntryItsScanMayReadDoesNotEndTheRun() {
    // A batch scans at most max(1024, 8 x batchSize) entries. When the entry that fills the batch
    // is also the last the scan may read, the scan has "no next" although the model goes on: the
    // run must not take that for the end of the model.
    ErgoKv kv = backend().open();
    List<Object> entities = new ArrayList<>();
    for (long id = 1; id <= 1023; id++) {
      entities.add(new Person(id, "user" + id + "@example.com", "F", "L", "C"));
    }
    for (long id = 1024; id <= 1026; id++) {
      entities.add(new PersonV1(id, "user" + id, "First Last", "City"));
    }
    for (int from = 0; from < entities.size(); from += 500) {
      List<Object> chunk = entities.subList(from, Math.min(entities.size(), from + 500));
      kv.transact(tx -> chunk.forEach(tx::insert));
    }

    MigrationResult result = kv.migrator().batchSize(1).migrate(Person.class);

    assertThat(result.status()).isEqualTo(MigrationStatus.COMPLETED);
    assertThat(result.migrated()).isEqualTo(3);
    assertThat(result.scanned()).isEqualTo(1026);
    assertThat(versions(kv).values()).hasSize(1026).containsOnly(3);
  }

  @Test
  void twoRunnersStartedTogetherConvertEachEntityExactlyOnce() throws Exception {
    RecordingEngine engine = new RecordingEngine(backend().engine());
    ErgoKv kv = TestKv.on(engine, "race-" + System.nanoTime(), b -> b);
    try {
      People.seed(kv, 60, 20, 0);
      engine.clear();
      CyclicBarrier start = new CyclicBarrier(2);
      ExecutorService executor = Executors.newFixedThreadPool(2);
      try {
        List<Future<MigrationResult>> runs = new ArrayList<>();
        for (String owner : List.of("left", "right")) {
          runs.add(
              executor.submit(
                  () -> {
                    start.await(10, TimeUnit.SECONDS);
                    return kv.migrator().owner(owner).batchSize(16).migrate(Person.class);
                  }));
        }
        List<MigrationResult> results = new ArrayList<>();
        for (Future<MigrationResult> run : runs) {
          results.add(run.get(60, TimeUnit.SECONDS));
        }

        assertThat(results).extracting(MigrationResult::status).containsOnly(MigrationStatus.COMPLETED);
        assertThat(results).filteredOn(r -> r.runId() != null).hasSize(1);
        assertThat(results.stream().mapToLong(MigrationResult::migrated).sum()).isEqualTo(80);
      } finally {
        executor.shutdownNow();
      }
      Map<String, Integer> writes = engine.writesUnder(keys(kv).entityRange().start());
      assertThat(writes).hasSize(80);
      assertThat(writes.values()).containsOnly(1);
      assertThat(kv.migrator().history(Person.class)).hasSize(1);
    } finally {
      kv.close();
    }
  }

  @Test
  void aModelWithNothingOldIsReadButNeitherWrittenNorRecorded() {
    ErgoKv kv = backend().open();
    People.seed(kv, 3, 0, 2);
    kv.migrate(Person.class);
    Map<String, byte[]> before = RawKeys.all(backend().engine(), kv.keyspace());

    MigrationResult again = kv.migrate(Person.class);

    assertThat(again.status()).isEqualTo(MigrationStatus.COMPLETED);
    assertThat(again.runId()).isNull();
    assertThat(again.migrated()).isZero();
    assertThat(kv.migrator().history(Person.class)).hasSize(1);
    assertThat(RawKeys.all(backend().engine(), kv.keyspace())).containsOnlyKeys(before.keySet());
  }

  @Test
  void aNewUniqueIndexReportsDuplicatesInsteadOfOverwritingAndLeavesThemAtTheirOldVersion() {
    ErgoKv kv = backend().open();
    kv.transact(tx -> {
      tx.insert(new PersonV1(1, "ann", "Ann Lee", "Oslo"));
      tx.insert(new PersonV1(2, "Ann", "Ann Other", "Rome")); // same email once lower-cased
      tx.insert(new PersonV1(3, "bob", "Bob Stone", "Oslo"));
      tx.insert(new PersonV1(4, "eve", "Eve Lee", "Oslo"));
      tx.insert(new Person(5, "eve@example.com", "Eve", "Newer", "Bergen")); // already v3
    });

    assertThatThrownBy(() -> kv.migrator().batchSize(2).migrate(Person.class))
        .isInstanceOf(MigrationFailedException.class)
        .hasMessageContaining("2 entities were left at their old version")
        .satisfies(
            e -> {
              MigrationResult result = ((MigrationFailedException) e).result();
              assertThat(result.status()).isEqualTo(MigrationStatus.FAILED);
              assertThat(result.migrated()).isEqualTo(2);
              assertThat(result.duplicateCount()).isEqualTo(2);
              assertThat(result.duplicates())
                  .containsExactly(
                      new UniqueCollision("Person", "email", "ann@example.com", "1", "2"),
                      new UniqueCollision("Person", "email", "eve@example.com", "5", "4"));
              assertThat(kv.migrator().history(Person.class)).containsExactly(result);
            });

    assertThat(versions(kv)).containsExactly(
        Map.entry(1L, 3), Map.entry(2L, 1), Map.entry(3L, 3), Map.entry(4L, 1), Map.entry(5L, 3));
    // The owners kept their values; the unconverted entities kept their old entries.
    assertThat(RawKeys.data(backend().engine(), kv))
        .contains(
            "U/\"Person\"/\"email\"/\"ann@example.com\"",
            "U/\"Person\"/\"login\"/\"Ann\"",
            "I/\"Person\"/\"city\"/\"Rome\"/2",
            "U/\"Person\"/\"login\"/\"eve\"")
        .doesNotContain("U/\"Person\"/\"login\"/\"ann\"", "U/\"Person\"/\"login\"/\"bob\"");
    assertThat(kv.read((ReadTransaction tx) -> tx.findUnique(Person.class, "email", "eve@example.com")))
        .hasValueSatisfying(p -> assertThat(p.id()).isEqualTo(5));

    // Resolve the duplicates through the current class, then a new run has nothing left to do.
    kv.transact(tx -> {
      tx.save(new Person(2, "ann.other@example.com", "Ann", "Other", "Rome"));
      tx.delete(Person.class, 4L);
    });
    MigrationResult rerun = kv.migrate(Person.class);
    assertThat(rerun.status()).isEqualTo(MigrationStatus.COMPLETED);
    assertThat(rerun.runId()).isNull();
    assertThat(RawKeys.data(backend().engine(), kv)).noneMatch(k -> k.contains("login") || k.contains("city"));
  }

  @Test
  void aValueThatCannotBeConvertedStopsTheRunAsFailedNamingItsKey() {
    ErgoKv kv = backend().open();
    People.seed(kv, 40, 0, 0);
    kv.transact(tx -> tx.save(new PersonV1(25, "user25", "!unsplittable", "City1")));

    assertThatThrownBy(() -> kv.migrator().batchSize(10).migrate(Person.class))
        .isInstanceOf(MigrationFailedException.class)
        .hasMessageContaining("stopped at key 25")
        .hasCauseInstanceOf(ConverterFailedException.class)
        .satisfies(
            e -> {
              MigrationResult result = ((MigrationFailedException) e).result();
              assertThat(result.status()).isEqualTo(MigrationStatus.FAILED);
              assertThat(result.failedKey()).isEqualTo("25");
              assertThat(result.error()).contains("names starting with '!' cannot be split");
              assertThat(result.migrated()).isEqualTo(20);
              assertThat(kv.migrator().history(Person.class)).containsExactly(result);
            });

    // Two batches committed; the third, holding key 25, wrote nothing.
    Map<Long, Integer> versions = versions(kv);
    assertThat(versions.entrySet()).allSatisfy(e -> assertThat(e.getValue()).isEqualTo(e.getKey() <= 20 ? 3 : 1));
    // Both halves keep exact entries: v3 keys for 1..20, v1 keys (login, city) for 21..40.
    List<String> keys = RawKeys.data(backend().engine(), kv);
    assertThat(keys).filteredOn(k -> k.contains("\"email\"")).hasSize(20);
    assertThat(keys).filteredOn(k -> k.contains("\"login\"")).hasSize(20);
    assertThat(keys).filteredOn(k -> k.contains("\"city\"")).hasSize(20);
    assertThat(keys).filteredOn(k -> k.contains("\"lastName\"")).hasSize(20);

    // Fixed, a new run converts the rest.
    kv.transact(tx -> tx.save(new PersonV1(25, "user25", "Fixed Name", "City1")));
    MigrationResult rerun = kv.migrate(Person.class);
    assertThat(rerun.migrated()).isEqualTo(20);
    assertThat(versions(kv).values()).containsOnly(3);
    assertThat(kv.migrator().history(Person.class))
        .extracting(MigrationResult::status)
        .containsExactly(MigrationStatus.FAILED, MigrationStatus.COMPLETED);
  }

  @Test
  void aValueThatDoesNotDecodeStopsTheRunAsFailedNamingItsKey() {
    ErgoKv kv = backend().open();
    People.seed(kv, 12, 0, 0);
    byte[] key = keys(kv).entityKey(7L);
    RawKeys.put(backend().engine(), key, new byte[] {(byte) 0xEC, 0x01, (byte) 0xA1, 0x61});

    MigrationFailedException failure =
        (MigrationFailedException)
            org.assertj.core.api.Assertions.catchThrowable(() -> kv.migrator().batchSize(5).migrate(Person.class));

    assertThat(failure.result().failedKey()).isEqualTo("7");
    assertThat(failure.result().error()).contains("Corrupt stored record of model 'Person'");
    assertThat(failure.result().migrated()).isEqualTo(5);
    assertThat(failure.getCause()).isInstanceOf(CorruptValueException.class);
    List<Long> converted = new ArrayList<>();
    versions(kv).forEach((id, version) -> {
      if (version == 3) {
        converted.add(id);
      }
    });
    assertThat(converted).containsExactly(1L, 2L, 3L, 4L, 5L);
  }
}
