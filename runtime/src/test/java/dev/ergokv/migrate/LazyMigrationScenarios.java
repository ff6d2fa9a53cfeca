package dev.ergokv.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.Backend;
import dev.ergokv.CorruptValueException;
import dev.ergokv.ErgoKv;
import dev.ergokv.ReadTransaction;
import dev.ergokv.UniqueConstraintViolationException;
import dev.ergokv.internal.codec.EntityCodec;
import dev.ergokv.internal.keys.KeySpace;
import dev.ergokv.internal.meta.EntityModels;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The lazy path: values stored by older versions of "Person" (v1, v2) read as the current class
 * (v3) through the converter chain, written back converted when changed or saved (or at once when
 * configured), with the index entries of the OLD version removed exactly.
 */
abstract class LazyMigrationScenarios {

  abstract Backend backend();

  /** Stores Ann at version 1 and Bob at version 2, through their own classes. */
  static ErgoKv seeded(ErgoKv kv) {
    kv.transact(tx -> tx.insert(new PersonV1(1, "ann", "Ann Lee", "Oslo")));
    kv.transact(tx -> tx.insert(new PersonV2(2, "bob", "Bob", "Stone", "Rome")));
    return kv;
  }

  static final Person ANN = new Person(1, "ann@example.com", "Ann", "Lee", "Oslo");
  static final Person BOB = new Person(2, "bob@example.com", "Bob", "Stone", "Rome");

  static final List<String> SEEDED_KEYS =
      List.of(
          "E/\"Person\"/1",
          "E/\"Person\"/2",
          "I/\"Person\"/\"city\"/\"Oslo\"/1",
          "I/\"Person\"/\"city\"/\"Rome\"/2",
          "I/\"Person\"/\"lastName\"/\"Stone\"/2",
          "U/\"Person\"/\"login\"/\"ann\"",
          "U/\"Person\"/\"login\"/\"bob\"");

  private int storedVersion(ErgoKv kv, long id) {
    byte[] key = KeySpace.of(kv.keyspace()).keys(EntityModels.of(Person.class)).entityKey(id);
    return EntityCodec.of(Person.class).storedVersion(key, RawKeys.value(backend().engine(), key));
  }

  private static Person load(ErgoKv kv, long id) {
    return kv.read((ReadTransaction tx) -> tx.load(Person.class, id)).orElseThrow();
  }

  @Test
  void olderValuesReadAsTheCurrentClassThroughEveryConverter() {
    ErgoKv kv = seeded(backend().open());

    assertThat(load(kv, 1)).isEqualTo(ANN);
    assertThat(load(kv, 2)).isEqualTo(BOB);
    assertThat(kv.read((ReadTransaction tx) -> tx.all(Person.class).toList()))
        .containsExactly(ANN, BOB);
    assertThat(kv.read((ReadTransaction tx) -> tx.find(Person.class, "lastName", "Stone").toList()))
        .containsExactly(BOB);
  }

  @Test
  void loadingInAReadWriteTransactionWritesNothing() {
    ErgoKv kv = seeded(backend().open());

    kv.transact(tx -> {
      tx.load(Person.class, 1L).orElseThrow();
      tx.loadAll(Person.class, List.of(2L));
      tx.all(Person.class).toList();
    });

    assertThat(storedVersion(kv, 1)).isEqualTo(1);
    assertThat(storedVersion(kv, 2)).isEqualTo(2);
    assertThat(RawKeys.data(backend().engine(), kv)).containsExactlyElementsOf(SEEDED_KEYS);
  }

  @Test
  void aChangedEntityIsWrittenAtTheCurrentVersionWithItsOldIndexEntriesRemoved() {
    ErgoKv kv = seeded(backend().open());

    kv.transact(tx -> tx.load(Person.class, 1L).orElseThrow().visit());
    kv.transact(tx -> tx.load(Person.class, 2L).orElseThrow().visit());

    assertThat(storedVersion(kv, 1)).isEqualTo(3);
    assertThat(storedVersion(kv, 2)).isEqualTo(3);
    assertThat(load(kv, 1).visits()).isEqualTo(1);
    // login and city entries gone (indexes v3 lacks), email claimed, lastName kept/claimed.
    assertThat(RawKeys.data(backend().engine(), kv))
        .containsExactly(
            "E/\"Person\"/1",
            "E/\"Person\"/2",
            "I/\"Person\"/\"lastName\"/\"Lee\"/1",
            "I/\"Person\"/\"lastName\"/\"Stone\"/2",
            "U/\"Person\"/\"email\"/\"ann@example.com\"",
            "U/\"Person\"/\"email\"/\"bob@example.com\"");
    assertThat(kv.read((ReadTransaction tx) -> tx.findUnique(Person.class, "email", "ann@example.com")))
        .contains(load(kv, 1));
  }

  @Test
  void savingAnUnchangedConvertedEntityWritesIt() {
    ErgoKv kv = seeded(backend().open());

    kv.transact(tx -> tx.save(tx.load(Person.class, 1L).orElseThrow()));

    assertThat(storedVersion(kv, 1)).isEqualTo(3);
    assertThat(storedVersion(kv, 2)).isEqualTo(2);
  }

  @Test
  void savingADetachedInstanceOverAnOlderValueRemovesTheOldEntries() {
    ErgoKv kv = seeded(backend().open());

    kv.transact(tx -> tx.save(new Person(2, "robert@example.com", "Robert", "Stone", "Rome")));

    assertThat(RawKeys.data(backend().engine(), kv))
        .containsExactly(
            "E/\"Person\"/1",
            "E/\"Person\"/2",
            "I/\"Person\"/\"city\"/\"Oslo\"/1",
            "I/\"Person\"/\"lastName\"/\"Stone\"/2",
            "U/\"Person\"/\"email\"/\"robert@example.com\"",
            "U/\"Person\"/\"login\"/\"ann\"");
  }

  @Test
  void deletingAnOlderValueRemovesTheEntriesOfItsVersion() {
    ErgoKv kv = seeded(backend().open());

    kv.transact(tx -> tx.delete(Person.class, 2L));
    kv.transact(tx -> tx.delete(tx.load(Person.class, 1L).orElseThrow()));

    assertThat(RawKeys.data(backend().engine(), kv)).isEmpty();
  }

  @Test
  void writeMigratedOnLoadWritesConvertedEntitiesAtCommit() {
    ErgoKv kv = seeded(backend().open(b -> b.writeMigratedOnLoad(true)));

    // A read-only snapshot never writes.
    load(kv, 1);
    assertThat(storedVersion(kv, 1)).isEqualTo(1);

    kv.transact(tx -> tx.all(Person.class).toList());

    assertThat(storedVersion(kv, 1)).isEqualTo(3);
    assertThat(storedVersion(kv, 2)).isEqualTo(3);
    assertThat(load(kv, 1)).isEqualTo(ANN);
    assertThat(RawKeys.data(backend().engine(), kv)).hasSize(6).noneMatch(k -> k.contains("login"));
  }

  @Test
  void aConvertedValueThatClaimsATakenUniqueValueFailsTheCommitAndLosesNothing() {
    ErgoKv kv = seeded(backend().open());
    kv.transact(tx -> tx.insert(new Person(3, "ann@example.com", "Another", "Ann", "Bergen")));

    assertThatThrownBy(() -> kv.transact(tx -> tx.load(Person.class, 1L).orElseThrow().visit()))
        .isInstanceOf(UniqueConstraintViolationException.class)
        .hasMessageContaining("email")
        .hasMessageContaining("ann@example.com");

    assertThat(storedVersion(kv, 1)).isEqualTo(1);
    assertThat(RawKeys.data(backend().engine(), kv)).contains("U/\"Person\"/\"login\"/\"ann\"");
  }

  @Test
  void aConverterThatThrowsNamesTheKeyTheVersionsAndTheConverter() {
    ErgoKv kv = backend().open();
    kv.transact(tx -> tx.insert(new PersonV1(7, "x", "!nobody", "Nowhere")));

    assertThatThrownBy(() -> load(kv, 7))
        .isInstanceOf(ConverterFailedException.class)
        .hasMessageContaining("Person[id=7]")
        .hasMessageContaining("model 'Person'")
        .hasMessageContaining("from version 1 to version 2")
        .hasMessageContaining(PersonV2.class.getName() + ".migrateFrom(PersonV1)")
        .hasMessageContaining("from " + PersonV1.class.getName() + " to " + PersonV2.class.getName())
        .hasMessageContaining("names starting with '!' cannot be split")
        .hasRootCauseInstanceOf(IllegalArgumentException.class)
        .satisfies(
            e -> {
              ConverterFailedException failed = (ConverterFailedException) e;
              assertThat(failed.getMessage()).doesNotContain("Corrupt");
              assertThat(failed.model()).isEqualTo("Person");
              assertThat(failed.fromVersion()).isEqualTo(1);
              assertThat(failed.toVersion()).isEqualTo(2);
            });
    // Other keys still load.
    assertThat(kv.read((ReadTransaction tx) -> tx.load(Person.class, 8L))).isEqualTo(Optional.empty());
  }
}
