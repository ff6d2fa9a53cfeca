package dev.ergokv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.entities.Parcel;
import dev.ergokv.entities.Parcel.Address;
import dev.ergokv.entities.User;
import dev.ergokv.internal.keys.KeySpace;
import dev.ergokv.internal.keys.ModelKeys;
import dev.ergokv.internal.meta.EntityModel;
import dev.ergokv.internal.meta.EntityModels;
import dev.ergokv.internal.txn.KvTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/** Unique and non-unique index maintenance, exactly as the storage layout requires. */
abstract class IndexScenarios extends Scenarios {

  private static final EntityModel<User> USER = EntityModels.of(User.class);

  private static ModelKeys<User> keys(ErgoKv kv) {
    return KeySpace.of(kv.keyspace()).keys(USER);
  }

  /** Whether a raw key exists, read past the entity layer. */
  private boolean rawExists(byte[] key) {
    try (KvTransaction tx = backend().engine().beginReadOnly()) {
      return tx.get(key).isPresent();
    }
  }

  @Test
  void savingWritesTheEntityItsUniqueKeyAndItsIndexEntries() {
    ErgoKv kv = kv();
    kv.transact(tx -> tx.save(new User(1, "alice", "R&D", 30)));

    ModelKeys<User> keys = keys(kv);
    assertThat(rawExists(keys.entityKey(1L))).isTrue();
    assertThat(rawExists(keys.uniqueKey(USER.index("username"), "alice"))).isTrue();
    assertThat(rawExists(keys.indexEntryKey(USER.index("dept"), "R&D", 1L))).isTrue();
    assertThat(rawExists(keys.indexEntryKey(USER.index("age"), 30, 1L))).isTrue();
    // entity + username + dept + age; the empty nickname has no entry
    assertThat(keyCount(kv)).isEqualTo(4);
    assertThat(problems(kv, User.class)).isEmpty();
  }

  @Test
  void anUpdateThatChangesAnIndexedFieldMovesItsEntry() {
    ErgoKv kv = kv();
    kv.transact(tx -> tx.save(new User(1, "alice", "R&D", 30)));

    kv.transact(tx -> tx.load(User.class, 1L).orElseThrow().department("Sales").username("al"));

    assertThat(find(kv, User.class, "dept", "R&D")).isEmpty();
    assertThat(find(kv, User.class, "dept", "Sales")).extracting(User::id).containsExactly(1L);
    assertThat(rawExists(keys(kv).indexEntryKey(USER.index("dept"), "R&D", 1L))).isFalse();
    assertThat(rawExists(keys(kv).uniqueKey(USER.index("username"), "alice"))).isFalse();
    assertThat(keyCount(kv)).isEqualTo(4);
    assertThat(problems(kv, User.class)).isEmpty();
  }

  @Test
  void nullAndEmptyOptionalValuesHaveNoEntry() {
    ErgoKv kv = kv();
    kv.transact(tx -> tx.save(new User(1, null, null, 30)));
    assertThat(keyCount(kv)).isEqualTo(2); // entity + age

    kv.transact(tx -> tx.load(User.class, 1L).orElseThrow().nickname("al").department("R&D"));
    assertThat(rawExists(keys(kv).uniqueKey(USER.index("nickname"), "al"))).isTrue();
    assertThat(keyCount(kv)).isEqualTo(4);

    kv.transact(tx -> tx.load(User.class, 1L).orElseThrow().nickname(null).department(null));
    assertThat(keyCount(kv)).isEqualTo(2);
    assertThat(problems(kv, User.class)).isEmpty();
  }

  @Test
  void aUniqueValueOwnedByAnotherKeyIsAViolationNamingOwnerAndValue() {
    ErgoKv kv = kv();
    kv.transact(tx -> tx.save(new User(1, "alice", "R&D", 30)));

    assertThatThrownBy(
            () ->
                kv.transact(
                    tx -> {
                      tx.save(new User(2, "alice", "Sales", 40));
                      tx.save(new User(3, "carol", "Sales", 50));
                    }))
        .isInstanceOfSatisfying(
            UniqueConstraintViolationException.class,
            e -> {
              assertThat(e.model()).isEqualTo("User");
              assertThat(e.index()).isEqualTo("username");
              assertThat(e.value()).isEqualTo("alice");
              assertThat(e.ownerKey()).isEqualTo(1L);
              assertThat(e.entityKey()).isEqualTo(2L);
            })
        .hasMessage(
            "Unique index 'username' of model 'User' already holds \"alice\" for the entity with"
                + " key 1; the entity with key 2 cannot take it");

    // Nothing of the failed transaction was written.
    assertThat(exists(kv, User.class, 2L)).isFalse();
    assertThat(exists(kv, User.class, 3L)).isFalse();
    assertThat(stored(kv, User.class, 1L).department()).isEqualTo("R&D");
    assertThat(keyCount(kv)).isEqualTo(4);
  }

  @Test
  void aUniqueValueIsNeverOverwrittenByAnUpdate() {
    ErgoKv kv = kv();
    kv.transact(
        tx -> {
          tx.save(new User(1, "alice", "R&D", 30));
          tx.save(new User(2, "bob", "R&D", 30));
        });

    assertThatThrownBy(() -> kv.transact(tx -> tx.load(User.class, 2L).orElseThrow().username("alice")))
        .isInstanceOf(UniqueConstraintViolationException.class)
        .hasMessageContaining("for the entity with key 1; the entity with key 2");

    assertThat(kv.read(tx -> tx.findUnique(User.class, "username", "alice")).map(User::id))
        .contains(1L);
    assertThat(problems(kv, User.class)).isEmpty();
  }

  @Test
  void twoEntitiesOfOneTransactionCannotTakeOneValue() {
    ErgoKv kv = kv();

    assertThatThrownBy(
            () ->
                kv.transact(
                    tx -> {
                      tx.save(new User(1, "same", "R&D", 30));
                      tx.save(new User(2, "same", "R&D", 30));
                    }))
        .isInstanceOfSatisfying(
            UniqueConstraintViolationException.class,
            e -> {
              assertThat(e.ownerKey()).isEqualTo(1L);
              assertThat(e.entityKey()).isEqualTo(2L);
            });
    assertThat(keyCount(kv)).isZero();
  }

  @Test
  void twoEntitiesCanSwapUniqueValuesInOneTransaction() {
    ErgoKv kv = kv();
    kv.transact(
        tx -> {
          tx.save(new User(1, "a", "R&D", 30));
          tx.save(new User(2, "b", "R&D", 30));
        });

    kv.transact(
        tx -> {
          tx.load(User.class, 1L).orElseThrow().username("b");
          // A query in between flushes the first change before the second exists.
          assertThat(tx.count(User.class)).isEqualTo(2);
          tx.load(User.class, 2L).orElseThrow().username("a");
        });

    assertThat(kv.read(tx -> tx.findUnique(User.class, "username", "a")).map(User::id)).contains(2L);
    assertThat(kv.read(tx -> tx.findUnique(User.class, "username", "b")).map(User::id)).contains(1L);
    assertThat(problems(kv, User.class)).isEmpty();
  }

  @Test
  void aValueGivenUpAndTakenBackInOneTransactionStaysOwned() {
    ErgoKv kv = kv();
    kv.transact(tx -> tx.save(new User(1, "alice", "R&D", 30)));

    kv.transact(
        tx -> {
          User alice = tx.load(User.class, 1L).orElseThrow();
          alice.username("other").department("Sales");
          assertThat(tx.findUnique(User.class, "username", "alice")).isEmpty();
          alice.username("alice").department("R&D");
        });

    assertThat(keyCount(kv)).isEqualTo(4);
    assertThat(problems(kv, User.class)).isEmpty();
  }

  @Test
  void aNewEntityThatTakesAndGivesBackAnotherOwnersValueLeavesItAlone() {
    ErgoKv kv = kv();
    kv.transact(tx -> tx.save(new User(1, "alice", "R&D", 30)));

    kv.transact(
        tx -> {
          User bob = tx.save(new User(2, "alice", "R&D", 30));
          bob.username("bob"); // never committed with "alice": alice's entry must survive
        });

    assertThat(kv.read(tx -> tx.findUnique(User.class, "username", "alice")).map(User::id))
        .contains(1L);
    assertThat(problems(kv, User.class)).isEmpty();
  }

  @Test
  void aValueFreedByADeleteCanBeTakenInTheSameTransaction() {
    ErgoKv kv = kv();
    kv.transact(tx -> tx.save(new User(1, "alice", "R&D", 30)));

    kv.transact(
        tx -> {
          tx.delete(User.class, 1L);
          tx.insert(new User(2, "alice", "Sales", 20));
        });

    assertThat(kv.read(tx -> tx.findUnique(User.class, "username", "alice")).map(User::id))
        .contains(2L);
    assertThat(problems(kv, User.class)).isEmpty();
  }

  @Test
  void deleteRemovesTheEntriesOfTheStoredStateNotOfTheInstance() {
    ErgoKv kv = kv();
    kv.transact(
        tx -> {
          tx.save(new User(1, "alice", "R&D", 30));
          tx.save(new User(2, "bob", "R&D", 31));
        });

    kv.transact(
        tx -> {
          User alice = tx.load(User.class, 1L).orElseThrow();
          alice.department("Sales").username("changed").age(99);
          tx.delete(alice);
        });
    // A detached instance whose fields no longer match what is stored.
    kv.transact(tx -> tx.delete(new User(2, "someone-else", "Elsewhere", 1)));

    assertThat(keyCount(kv)).isZero();
  }

  @Test
  void savingADetachedInstanceRemovesTheEntriesOfTheStoredState() {
    ErgoKv kv = kv();
    kv.transact(tx -> tx.save(new User(1, "alice", "R&D", 30)));

    kv.transact(tx -> tx.save(new User(1, "alice2", "Sales", 31)));

    assertThat(keyCount(kv)).isEqualTo(4);
    assertThat(find(kv, User.class, "dept", "R&D")).isEmpty();
    assertThat(problems(kv, User.class)).isEmpty();
  }

  @Test
  void aChangeWhoseIndexKeyFailedIsNotTakenForFlushedWhenTheCallerGoesOn() {
    ErgoKv kv = kv();
    kv.transact(tx -> tx.save(new Parcel(1, new Address("Berlin", "10115"), "first")));

    try (Transaction tx = kv.begin()) {
      Parcel parcel = tx.load(Parcel.class, 1L).orElseThrow();
      parcel.note("second").to(new Address("Paris", null));
      tx.insert(new Parcel(2, new Address("Rome", "00118"), "other"));
      assertThatThrownBy(() -> tx.query(Parcel.class, "to").list())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("component zip");
      // Caught, and not put right: the commit fails as the query did. It must not commit the
      // rest as if the parcel were unchanged (its note lost while the caller thinks it stored).
      assertThatThrownBy(tx::commit)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("component zip");
    }
    try (Transaction tx = kv.begin()) {
      assertThatThrownBy(
              () -> tx.insert(new Parcel(3, new Address("Oslo", null), "third")))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(tx::commit).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(stored(kv, Parcel.class, 1L).note()).isEqualTo("first");
    assertThat(load(kv, Parcel.class, 2L)).isEmpty();
    assertThat(load(kv, Parcel.class, 3L)).isEmpty();

    try (Transaction tx = kv.begin()) {
      Parcel parcel = tx.load(Parcel.class, 1L).orElseThrow();
      parcel.note("second").to(new Address("Paris", null));
      assertThatThrownBy(() -> tx.query(Parcel.class, "to").list())
          .isInstanceOf(IllegalArgumentException.class);
      parcel.to(new Address("Paris", "75001")); // put right
      assertThat(tx.query(Parcel.class, "to").equalTo(new Address("Paris", "75001")).list())
          .containsExactly(parcel);
      tx.commit();
    }
    assertThat(stored(kv, Parcel.class, 1L).note()).isEqualTo("second");
    assertThat(problems(kv, Parcel.class)).isEmpty();
  }

  @Test
  void eightThreadsRacingForOneUniqueValueLeaveExactlyOneWinner() throws Exception {
    ErgoKv kv = kv();
    int threads = 8;
    List<RuntimeException> failures =
        race(
            threads,
            i -> kv.transact(tx -> tx.insert(new User(i + 1, "contested", "R&D", 30))));

    assertThat(threads - failures.size()).as("winners").isEqualTo(1);
    assertThat(failures)
        .hasSize(threads - 1)
        .allSatisfy(
            e ->
                assertThat(e)
                    .isInstanceOf(UniqueConstraintViolationException.class)
                    .hasMessageContaining("'username'")
                    .hasMessageContaining("\"contested\""));
    assertThat(all(kv, User.class)).hasSize(1);
    assertThat(problems(kv, User.class)).isEmpty();
  }

  @Test
  void concurrentInsertersOfOneKeyLeaveExactlyOneWinner() throws Exception {
    ErgoKv kv = kv();
    int threads = 4;
    List<RuntimeException> failures =
        race(threads, i -> kv.transact(tx -> tx.insert(new User(1, "user" + i, "R&D", 30))));

    assertThat(threads - failures.size()).as("winners").isEqualTo(1);
    assertThat(failures).allSatisfy(e -> assertThat(e).isInstanceOf(EntityExistsException.class));
    assertThat(keyCount(kv)).isEqualTo(4);
    assertThat(problems(kv, User.class)).isEmpty();
  }

  /**
   * Runs {@code work(i)} for each {@code i} below {@code threads}, on as many threads released
   * together, and returns what those that failed threw.
   */
  private static List<RuntimeException> race(int threads, IntConsumer work) throws Exception {
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<RuntimeException>> outcomes = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int racer = i;
        outcomes.add(
            pool.submit(
                () -> {
                  start.await(10, TimeUnit.SECONDS);
                  try {
                    work.accept(racer);
                    return null;
                  } catch (RuntimeException e) {
                    return e;
                  }
                }));
      }
      List<RuntimeException> failures = new ArrayList<>();
      for (Future<RuntimeException> outcome : outcomes) {
        RuntimeException failure = outcome.get(60, TimeUnit.SECONDS);
        if (failure != null) {
          failures.add(failure);
        }
      }
      return failures;
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }
}
