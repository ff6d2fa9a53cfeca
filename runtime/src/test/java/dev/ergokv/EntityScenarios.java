package dev.ergokv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.entities.Point;
import dev.ergokv.entities.User;
import dev.ergokv.internal.keys.KeySpace;
import dev.ergokv.internal.meta.EntityModels;
import dev.ergokv.internal.session.Session;
import dev.ergokv.internal.txn.KvTransaction;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Loading, saving, inserting, updating and deleting entities; identity and change detection. */
abstract class EntityScenarios extends Scenarios {

  @Test
  void savedEntityLoadsInAnotherTransaction() {
    ErgoKv kv = kv();
    User alice = new User(1, "alice", "R&D", 30).email("alice@example.com");
    kv.transact(tx -> tx.save(alice));

    User loaded = stored(kv, User.class, 1L);

    assertThat(loaded).isNotSameAs(alice).isEqualTo(alice);
  }

  @Test
  void missingKeyLoadsEmpty() {
    ErgoKv kv = kv();

    assertThat(load(kv, User.class, 404L)).isEmpty();
    assertThat(exists(kv, User.class, 404L)).isFalse();
  }

  @Test
  void keysMayBeGivenAsAnyIntegralType() {
    ErgoKv kv = kv();
    kv.transact(tx -> tx.save(new User(7, "seven", "R&D", 7)));

    assertThat(load(kv, User.class, 7)).isPresent();
    assertThat(load(kv, User.class, (short) 7)).isPresent();
  }

  @Test
  void aKeyOfTheWrongTypeIsRefusedNamingTheModel() {
    ErgoKv kv = kv();

    assertThatThrownBy(() -> load(kv, User.class, "one"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model 'User'")
        .hasMessageContaining("id (long)")
        .hasMessageContaining("java.lang.String");
  }

  @Test
  void aClassThatIsNotAnEntityIsRefused() {
    ErgoKv kv = kv();

    assertThatThrownBy(() -> load(kv, String.class, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.String is not an entity");
  }

  @Test
  void loadingOneKeyTwiceGivesTheSameInstance() {
    ErgoKv kv = kv();
    kv.transact(tx -> tx.save(new User(1, "alice", "R&D", 30)));

    kv.read(
        tx -> {
          User first = tx.load(User.class, 1L).orElseThrow();
          assertThat(tx.load(User.class, 1L)).containsSame(first);
          assertThat(tx.loadAll(User.class, List.of(1L))).containsEntry(1L, first);
          assertThat(tx.findUnique(User.class, "username", "alice")).containsSame(first);
          assertThat(tx.all(User.class).findFirst()).containsSame(first);
          return null;
        });
  }

  @Test
  void loadAllReturnsTheExistingKeysInTheOrderGiven() {
    ErgoKv kv = kv();
    kv.transact(
        tx -> {
          for (long id = 1; id <= 5; id++) {
            tx.save(new User(id, "u" + id, "R&D", 20));
          }
        });

    Map<Long, User> found = kv.read(tx -> tx.loadAll(User.class, List.of(4L, 99L, 2L, 4L, 5L)));

    assertThat(found.keySet()).containsExactly(4L, 2L, 5L);
    assertThat(found.get(2L).username()).isEqualTo("u2");
  }

  @Test
  void aChangedEntityIsSavedAtCommitWithoutSave() {
    ErgoKv kv = kv();
    kv.transact(tx -> tx.save(new User(1, "alice", "R&D", 30)));

    kv.transact(tx -> tx.load(User.class, 1L).ifPresent(u -> u.email("new@example.com")));

    assertThat(stored(kv, User.class, 1L).email())
        .isEqualTo("new@example.com");
  }

  @Test
  void anInPlaceChangeOfACollectionFieldIsSaved() {
    ErgoKv kv = kv();
    kv.transact(tx -> tx.save(new User(1, "alice", "R&D", 30)));

    kv.transact(tx -> tx.load(User.class, 1L).orElseThrow().tags().add("admin"));

    assertThat(stored(kv, User.class, 1L).tags()).containsExactly("admin");
  }

  @Test
  void anUnchangedEntityIsNotWrittenSoItCannotConflict() {
    ErgoKv kv = kv();
    kv.transact(tx -> tx.save(new User(1, "alice", "R&D", 30)));

    try (Transaction reader = kv.begin()) {
      reader.load(User.class, 1L).orElseThrow();
      kv.transact(tx -> tx.load(User.class, 1L).orElseThrow().email("other@example.com"));
      reader.commit(); // wrote nothing: no conflict with the change above
    }

    assertThat(stored(kv, User.class, 1L).email())
        .isEqualTo("other@example.com");
  }

  @Test
  void insertOfAnExistingKeyFailsAtCommitAndWritesNothing() {
    ErgoKv kv = kv();
    kv.transact(tx -> tx.save(new User(1, "alice", "R&D", 30)));

    assertThatThrownBy(() -> kv.transact(tx -> {
              tx.insert(new User(1, "bob", "Sales", 40));
              tx.insert(new User(2, "carol", "Sales", 50));
            }))
        .isInstanceOf(EntityExistsException.class)
        .hasMessageContaining("model 'User' with key 1 already exists")
        .satisfies(e -> assertThat(((EntityExistsException) e).key()).isEqualTo(1L));

    assertThat(stored(kv, User.class, 1L).username()).isEqualTo("alice");
    assertThat(exists(kv, User.class, 2L)).isFalse();
    assertThat(problems(kv, User.class)).isEmpty();
  }

  @Test
  void insertOfAKeyTheTransactionHasLoadedFailsAtOnce() {
    ErgoKv kv = kv();
    kv.transact(tx -> tx.save(new User(1, "alice", "R&D", 30)));

    kv.transact(
        tx -> {
          tx.load(User.class, 1L);
          assertThatThrownBy(() -> tx.insert(new User(1, "bob", "Sales", 40)))
              .isInstanceOf(EntityExistsException.class);
        });
  }

  @Test
  void insertAfterDeleteInOneTransactionReplacesTheEntity() {
    ErgoKv kv = kv();
    kv.transact(tx -> tx.save(new User(1, "alice", "R&D", 30)));

    kv.transact(
        tx -> {
          assertThat(tx.delete(User.class, 1L)).isTrue();
          tx.insert(new User(1, "bob", "Sales", 40));
        });

    assertThat(stored(kv, User.class, 1L).username()).isEqualTo("bob");
    assertThat(problems(kv, User.class)).isEmpty();
  }

  @Test
  void updateOfAMissingEntityFails() {
    ErgoKv kv = kv();

    assertThatThrownBy(() -> kv.transact(tx -> tx.update(new User(5, "eve", "R&D", 30))))
        .isInstanceOf(EntityNotFoundException.class)
        .hasMessageContaining("model 'User' with key 5");
    assertThat(exists(kv, User.class, 5L)).isFalse();
  }

  @Test
  void updateChangesAnExistingEntity() {
    ErgoKv kv = kv();
    kv.transact(tx -> tx.save(new User(1, "alice", "R&D", 30)));

    kv.transact(tx -> tx.update(new User(1, "alice", "Sales", 31)));

    assertThat(stored(kv, User.class, 1L).department()).isEqualTo("Sales");
  }

  @Test
  void savingADetachedInstanceMakesItTheTransactionsInstance() {
    ErgoKv kv = kv();
    kv.transact(tx -> tx.save(new User(1, "alice", "R&D", 30)));

    kv.transact(
        tx -> {
          User loaded = tx.load(User.class, 1L).orElseThrow();
          User detached = loaded.copy().email("detached@example.com");
          tx.save(detached);
          assertThat(tx.load(User.class, 1L)).containsSame(detached);
          loaded.email("ignored@example.com"); // no longer tracked
          detached.age(44); // tracked: saved at commit
        });

    User stored = stored(kv, User.class, 1L);
    assertThat(stored.email()).isEqualTo("detached@example.com");
    assertThat(stored.age()).isEqualTo(44);
  }

  @Test
  void deleteReportsWhetherAnEntityExisted() {
    ErgoKv kv = kv();
    kv.transact(tx -> tx.save(new User(1, "alice", "R&D", 30)));

    kv.transact(
        tx -> {
          assertThat(tx.delete(User.class, 2L)).isFalse();
          User alice = tx.load(User.class, 1L).orElseThrow();
          assertThat(tx.delete(alice)).isTrue();
          assertThat(tx.load(User.class, 1L)).isEmpty();
          assertThat(tx.exists(User.class, 1L)).isFalse();
          assertThat(tx.delete(alice)).isFalse();
        });

    assertThat(load(kv, User.class, 1L)).isEmpty();
    assertThat(keyCount(kv)).isZero();
  }

  @Test
  void insertThenDeleteInOneTransactionLeavesNothing() {
    ErgoKv kv = kv();

    kv.transact(
        tx -> {
          tx.insert(new User(1, "alice", "R&D", 30));
          assertThat(tx.delete(User.class, 1L)).isTrue();
        });

    assertThat(keyCount(kv)).isZero();
  }

  @Test
  void aRecordIsChangedBySavingANewRecord() {
    ErgoKv kv = kv();
    kv.transact(tx -> tx.save(new Point(1, 10, "a")));

    kv.transact(
        tx -> {
          Point point = tx.load(Point.class, 1L).orElseThrow();
          tx.save(new Point(point.id(), point.x() + 1, "b"));
        });

    assertThat(load(kv, Point.class, 1L)).contains(new Point(1, 11, "b"));
    assertThat(find(kv, Point.class, "x", 11)).hasSize(1);
    assertThat(find(kv, Point.class, "x", 10)).isEmpty();
  }

  @Test
  void changingTheKeyOfAnEntityIsRefusedAndWritesNothing() {
    ErgoKv kv = kv();
    kv.transact(tx -> tx.save(new User(1, "alice", "R&D", 30)));

    assertThatThrownBy(
            () ->
                kv.transact(
                    tx -> {
                      User alice = tx.load(User.class, 1L).orElseThrow();
                      alice.changeIdTo(2);
                      alice.email("moved@example.com");
                    }))
        .isInstanceOf(ErgoKvException.class)
        .hasMessageContaining("key of an entity of " + User.class.getName())
        .hasMessageContaining("changed from 1 to 2");

    assertThat(stored(kv, User.class, 1L).email()).isNull();
    assertThat(exists(kv, User.class, 2L)).isFalse();
  }

  @Test
  void aReadTransactionRefusesWritesAndSavesNoChange() {
    ErgoKv kv = kv();
    kv.transact(tx -> tx.save(new User(1, "alice", "R&D", 30)));

    kv.read(
        tx -> {
          tx.load(User.class, 1L).orElseThrow().email("lost@example.com");
          Transaction writable = (Transaction) tx;
          assertThatThrownBy(() -> writable.save(new User(2, "bob", "R&D", 30)))
              .isInstanceOf(IllegalStateException.class)
              .hasMessageContaining("read-only");
          return null;
        });

    assertThat(stored(kv, User.class, 1L).email()).isNull();
  }

  @Test
  void aStreamUsedAfterItsTransactionEndedFails() {
    ErgoKv kv = kv();
    kv.transact(tx -> tx.save(new User(1, "alice", "R&D", 30)));

    Stream<User> escaped = kv.read(tx -> tx.all(User.class));

    assertThatThrownBy(escaped::toList)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("transaction that has ended");
  }

  @Test
  void aTransactionCannotBeUsedAfterCommit() {
    ErgoKv kv = kv();
    Transaction tx = kv.begin();
    tx.save(new User(1, "alice", "R&D", 30));
    tx.commit();

    assertThat(tx.isOpen()).isFalse();
    assertThatThrownBy(() -> tx.load(User.class, 1L))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has ended (committed)");
    tx.close(); // harmless
    tx.rollback(); // harmless once ended
  }

  @Test
  void closingAnUncommittedTransactionRollsItBack() {
    ErgoKv kv = kv();

    try (Transaction tx = kv.begin()) {
      tx.save(new User(1, "alice", "R&D", 30));
    }

    assertThat(exists(kv, User.class, 1L)).isFalse();
  }

  @Test
  void aCorruptStoredValueIsReportedWithModelAndKey() {
    ErgoKv kv = kv();
    byte[] key =
        KeySpace.of(kv.keyspace()).keys(EntityModels.of(User.class)).entityKey(9L);
    try (KvTransaction raw = backend().engine().begin()) {
      raw.put(key, new byte[] {(byte) 0xEC, 0x01, 0x42});
      raw.commit();
    }

    assertThatThrownBy(() -> load(kv, User.class, 9L))
        .isInstanceOf(CorruptValueException.class)
        .hasMessageContaining("model 'User'")
        .hasMessageContaining("User[id=9]")
        .satisfies(e -> assertThat(((CorruptValueException) e).key()).isEqualTo(key));
  }

  @Test
  void aReadTransactionKeepsNothingItStreams() {
    ErgoKv kv = backend().open(b -> b.pageSize(8));
    kv.transact(
        tx -> {
          for (long id = 1; id <= 50; id++) {
            tx.save(new User(id, "u" + id, "R&D", 20));
          }
        });

    kv.read(
        tx -> {
          assertThat(tx.all(User.class).count()).isEqualTo(50);
          assertThat(((Session) tx).managedCount()).isZero();
          return null;
        });
  }

  @Test
  void optionalFieldsRoundTrip() {
    ErgoKv kv = kv();
    kv.transact(tx -> tx.save(new User(1, "alice", "R&D", 30).nickname("al")));

    assertThat(load(kv, User.class, 1L).map(User::nickname))
        .contains(Optional.of("al"));
  }

  @Test
  void savingTheSameUnchangedInstanceAgainWritesNothingMore() {
    ErgoKv kv = kv();
    kv.transact(tx -> tx.save(new User(1, "alice", "R&D", 30)));

    try (Transaction first = kv.begin()) {
      User alice = first.load(User.class, 1L).orElseThrow();
      first.save(alice);
      first.save(alice);
      kv.transact(tx -> tx.load(User.class, 1L).orElseThrow().age(31));
      first.commit(); // saving unchanged entities wrote nothing, so nothing conflicts
    }
    assertThat(stored(kv, User.class, 1L).age()).isEqualTo(31);
  }

  @Test
  void anEntityDeletedAndSavedAgainInOneTransactionSurvives() {
    ErgoKv kv = kv();
    kv.transact(tx -> tx.save(new User(1, "alice", "R&D", 30)));

    kv.transact(
        tx -> {
          User alice = tx.load(User.class, 1L).orElseThrow();
          tx.delete(alice);
          assertThat(tx.exists(User.class, 1L)).isFalse();
          tx.save(alice.department("Sales"));
        });

    assertThat(stored(kv, User.class, 1L).department()).isEqualTo("Sales");
    assertThat(problems(kv, User.class)).isEmpty();
  }

  @Test
  void lockingAnEntityTheTransactionAlsoWritesIsHarmless() {
    ErgoKv kv = kv();
    kv.transact(tx -> tx.save(new User(1, "alice", "R&D", 30)));

    kv.transact(
        tx -> {
          User alice = tx.load(User.class, 1L).orElseThrow();
          tx.lock(alice);
          alice.age(31);
        });

    assertThat(stored(kv, User.class, 1L).age()).isEqualTo(31);
  }

  @Test
  void aLockedEntityChangedByAnotherTransactionFailsTheCommit() {
    ErgoKv kv = kv();
    kv.transact(tx -> tx.save(new User(1, "alice", "R&D", 30)));

    try (Transaction tx = kv.begin()) {
      tx.lock(tx.load(User.class, 1L).orElseThrow());
      tx.save(new User(2, "bob", "R&D", 30));
      kv.transact(other -> other.load(User.class, 1L).orElseThrow().age(31));
      assertThatThrownBy(tx::commit).isInstanceOf(WriteConflictException.class);
    }
    assertThat(exists(kv, User.class, 2L)).isFalse();
  }
}
