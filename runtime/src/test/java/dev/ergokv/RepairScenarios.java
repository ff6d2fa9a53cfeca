package dev.ergokv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.entities.Account;
import dev.ergokv.entities.User;
import dev.ergokv.internal.keys.KeySpace;
import dev.ergokv.internal.meta.EntityModels;
import dev.ergokv.internal.txn.KvTransaction;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 10's entity-layer defects: corrupt values repaired through the API, streams that go on
 * past a corrupt entity, failed nested work, readable errors, and the value size limit.
 */
abstract class RepairScenarios extends Scenarios {

  private static final byte[] CORRUPT = {(byte) 0xEC, 0x01, 0x42};

  private byte[] userKey(ErgoKv kv, long id) {
    return KeySpace.of(kv.keyspace()).keys(EntityModels.of(User.class)).entityKey(id);
  }

  private void putRaw(byte[] key, byte[] value) {
    try (KvTransaction raw = backend().engine().begin()) {
      raw.put(key, value);
      raw.commit();
    }
  }

  private ErgoKv tenUsersWithFiveCorrupt(Function<ErgoKv.Builder, ErgoKv.Builder> settings) {
    ErgoKv kv = backend().open(settings::apply);
    kv.transact(
        tx -> {
          for (long id = 1; id <= 10; id++) {
            tx.save(new User(id, "u" + id, "R&D", 20 + (int) id).nickname("n" + id));
          }
        });
    // Only the value is broken: its unique keys and index entries stay, pointing at it.
    putRaw(userKey(kv, 5), CORRUPT);
    return kv;
  }

  // ------------------------------------------------------------------ defect 5: repair

  @Test
  void aCorruptEntityCanBeDeletedAndItsIndexEntriesGoWithIt() {
    ErgoKv kv = tenUsersWithFiveCorrupt(b -> b);

    boolean existed = kv.transactResult(tx -> tx.delete(User.class, 5L));

    assertThat(existed).isTrue();
    assertThat(exists(kv, User.class, 5L)).isFalse();
    assertThat(problems(kv, User.class)).isEmpty();
    assertThat(find(kv, User.class, "dept", "R&D")).hasSize(9);
    assertThat(unique(kv, "username", "u5")).isEmpty();
    // Its values are free again.
    kv.transact(tx -> tx.insert(new User(11, "u5", "R&D", 25).nickname("n5")));
    assertThat(problems(kv, User.class)).isEmpty();
  }

  @Test
  void aCorruptEntityCanBeOverwrittenBySave() {
    ErgoKv kv = tenUsersWithFiveCorrupt(b -> b);

    kv.transact(tx -> tx.save(new User(5, "five", "Ops", 50)));

    assertThat(stored(kv, User.class, 5L).username()).isEqualTo("five");
    assertThat(problems(kv, User.class)).isEmpty();
    assertThat(find(kv, User.class, "dept", "R&D")).hasSize(9);
    assertThat(find(kv, User.class, "dept", "Ops")).extracting(User::id).containsExactly(5L);
    assertThat(unique(kv, "username", "u5")).isEmpty();
    assertThat(unique(kv, "nickname", "n5")).isEmpty();
  }

  @Test
  void aCorruptEntityOverwrittenWithItsOldIndexValuesKeepsThem() {
    ErgoKv kv = tenUsersWithFiveCorrupt(b -> b);

    kv.transact(tx -> tx.save(new User(5, "u5", "R&D", 25).nickname("n5")));

    assertThat(problems(kv, User.class)).isEmpty();
    assertThat(unique(kv, "username", "u5"))
        .hasValueSatisfying(u -> assertThat(u.id()).isEqualTo(5L));
    assertThat(find(kv, User.class, "dept", "R&D")).hasSize(10);
  }

  private static java.util.Optional<User> unique(ErgoKv kv, String index, Object value) {
    return kv.read(tx -> tx.findUnique(User.class, index, value));
  }

  // ------------------------------------------------------------------ defect 6: streams

  @Test
  void anIndexStreamGoesOnPastACorruptEntityLikeAll() {
    ErgoKv kv = tenUsersWithFiveCorrupt(b -> b.pageSize(4));

    List<Long> viaIndex = new ArrayList<>();
    int indexErrors = drain(kv, tx -> tx.find(User.class, "dept", "R&D"), viaIndex);
    List<Long> viaAll = new ArrayList<>();
    int allErrors = drain(kv, tx -> tx.all(User.class), viaAll);

    assertThat(viaAll).containsExactly(1L, 2L, 3L, 4L, 6L, 7L, 8L, 9L, 10L);
    assertThat(allErrors).isEqualTo(1);
    assertThat(viaIndex).containsExactly(1L, 2L, 3L, 4L, 6L, 7L, 8L, 9L, 10L);
    assertThat(indexErrors).isEqualTo(1);
  }

  @Test
  void anIndexStreamRaisesTheCorruptEntityWhenItIsReached() {
    ErgoKv kv = tenUsersWithFiveCorrupt(b -> b);

    List<Long> seen = new ArrayList<>();
    assertThatThrownBy(
            () ->
                kv.read(
                    tx -> {
                      tx.find(User.class, "dept", "R&D").forEach(u -> seen.add(u.id()));
                      return null;
                    }))
        .isInstanceOf(CorruptValueException.class)
        .hasMessageContaining("User[id=5]");
    assertThat(seen).containsExactly(1L, 2L, 3L, 4L);
  }

  /** Iterates by hand, counting the errors and going on after each. */
  private static int drain(
      ErgoKv kv, Function<ReadTransaction, Stream<User>> query, List<Long> ids) {
    return kv.read(
        tx -> {
          int errors = 0;
          Iterator<User> it = query.apply(tx).iterator();
          for (int guard = 0; guard < 100; guard++) {
            try {
              if (!it.hasNext()) {
                return errors;
              }
              ids.add(it.next().id());
            } catch (CorruptValueException e) {
              errors++;
            }
          }
          throw new AssertionError("the stream never ended");
        });
  }

  // ------------------------------------------------------------------ defect 7: nested work

  @Test
  void aFailedNestedUnitMarksTheOuterOneRollbackOnly() {
    ErgoKv kv = kv();
    IllegalStateException inner = new IllegalStateException("inner work fails");

    assertThatThrownBy(
            () ->
                kv.transact(
                    outer -> {
                      outer.save(new Account("a", 1));
                      try {
                        kv.transact(
                            nested -> {
                              nested.save(new Account("b", 2));
                              throw inner;
                            });
                      } catch (IllegalStateException caught) {
                        // The outer work goes on as if nothing happened.
                      }
                      outer.save(new Account("c", 3));
                    }))
        .isInstanceOf(RollbackOnlyException.class)
        .hasMessageContaining("inner work fails")
        .hasCause(inner);

    assertThat(all(kv, Account.class)).isEmpty();
  }

  @Test
  void aNestedUnitThatSucceedsCommitsWithTheOuterOne() {
    ErgoKv kv = kv();

    kv.transact(
        outer -> {
          outer.save(new Account("a", 1));
          kv.transact(nested -> nested.save(new Account("b", 2)));
        });

    assertThat(all(kv, Account.class)).extracting(Account::id).containsExactly("a", "b");
  }

  // ------------------------------------------------------------------ defect 12: readable errors

  @Test
  void aWriteConflictNamesTheModelAndTheDecodedKey() {
    ErgoKv kv = backend().open(b -> b.retry(1, java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(1)));
    kv.transact(tx -> tx.save(new Account("a\u0000b", 100)));

    assertThatThrownBy(
            () ->
                kv.transact(
                    tx -> {
                      tx.load(Account.class, "a\u0000b").orElseThrow().withdraw(1);
                      try (Transaction other = kv.begin()) {
                        other.load(Account.class, "a\u0000b").orElseThrow().withdraw(10);
                        other.commit();
                      }
                    }))
        .isInstanceOf(WriteConflictException.class)
        .hasMessageContaining("Account[id=\"a\\u0000b\"]")
        .satisfies(
            e -> {
              assertThat(((WriteConflictException) e).key()).isEqualTo("Account[id=\"a\\u0000b\"]");
              assertThat(e.getMessage()).doesNotContain("\\x").doesNotContain("\u0000");
            });
  }

  @Test
  void aCorruptValueNamesTheModelAndTheDecodedKey() {
    ErgoKv kv = kv();
    putRaw(userKey(kv, 9), CORRUPT);

    assertThatThrownBy(() -> load(kv, User.class, 9L))
        .isInstanceOf(CorruptValueException.class)
        .hasMessageContaining("User[id=9]")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\\x"));
  }

  @Test
  void aUniqueViolationEscapesControlCharacters() {
    ErgoKv kv = kv();
    kv.transact(tx -> tx.save(new User(1, "nul\u0000here", "R&D", 1)));

    assertThatThrownBy(() -> kv.transact(tx -> tx.save(new User(2, "nul\u0000here", "R&D", 1))))
        .isInstanceOf(UniqueConstraintViolationException.class)
        .hasMessageContaining("\"nul\\u0000here\"")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u0000"));
  }

  // ------------------------------------------------------------------ defect 13: value size

  @Test
  void aValueOverTheLimitFailsBeforeSendingNamingModelKeyAndSize() {
    ErgoKv kv = backend().open(b -> b.maxValueSize(1024));
    User big = new User(3, "big", "R&D", 1).email("x".repeat(2000));

    assertThatThrownBy(() -> kv.transact(tx -> tx.save(big)))
        .isInstanceOf(ValueTooLargeException.class)
        .hasMessageContaining("User[id=3]")
        .hasMessageContaining("1024")
        .satisfies(
            e -> {
              ValueTooLargeException tooLarge = (ValueTooLargeException) e;
              assertThat(tooLarge.model()).isEqualTo("User");
              assertThat(tooLarge.size()).isGreaterThan(2000);
              assertThat(tooLarge.limit()).isEqualTo(1024);
              assertThat(e.getMessage()).contains(String.valueOf(tooLarge.size()));
            });
    assertThat(keyCount(kv)).isZero();
  }

  @Test
  void theDefaultLimitIsTiKVsRaftEntryLimit() {
    ErgoKv kv = kv();
    User big = new User(4, "big", "R&D", 1).email("y".repeat(8 * 1024 * 1024 + 1));

    assertThatThrownBy(() -> kv.transact(tx -> tx.save(big)))
        .isInstanceOf(ValueTooLargeException.class)
        .hasMessageContaining("User[id=4]")
        .hasMessageContaining(String.valueOf(8 * 1024 * 1024));
    kv.transact(tx -> tx.save(new User(4, "fits", "R&D", 1).email("z".repeat(1024 * 1024))));
    assertThat(stored(kv, User.class, 4L).username()).isEqualTo("fits");
  }
}
