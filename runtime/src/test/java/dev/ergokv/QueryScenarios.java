package dev.ergokv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ergokv.entities.Item;
import dev.ergokv.entities.User;
import dev.ergokv.internal.session.Session;
import dev.ergokv.testing.InMemoryEngine;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Queries: by unique value, by index value, ranges, all() and count(). */
abstract class QueryScenarios extends Scenarios {

  /** Users 1..9: ages 20,21,...; departments alternate; user 9 has no department. */
  private ErgoKv withUsers() {
    return withUsers(kv());
  }

  private static ErgoKv withUsers(ErgoKv kv) {
    kv.transact(
        tx -> {
          // Inserted out of key order: results must come in index order anyway.
          for (long id : new long[] {5, 3, 9, 1, 7, 2, 8, 4, 6}) {
            String dept = id == 9 ? null : id % 2 == 0 ? "Sales" : "R&D";
            tx.save(new User(id, "user" + id, dept, 20 + (int) (id % 5)));
          }
        });
    return kv;
  }

  private static List<Long> ids(List<User> users) {
    return users.stream().map(User::id).toList();
  }

  private static List<Long> ids(ErgoKv kv, IndexQueryRun run) {
    return kv.read(tx -> run.apply(tx).list().stream().map(User::id).toList());
  }

  @FunctionalInterface
  interface IndexQueryRun {
    IndexQuery<User> apply(ReadTransaction tx);
  }

  @Test
  void findUniqueFindsTheOwner() {
    ErgoKv kv = withUsers();

    assertThat(kv.read((ReadTransaction tx) -> tx.findUnique(User.class, "username", "user3")).map(User::id))
        .contains(3L);
    assertThat(kv.read((ReadTransaction tx) -> tx.findUnique(User.class, "username", "nobody"))).isEmpty();
    assertThat(kv.read((ReadTransaction tx) -> tx.findUnique(User.class, "username", null))).isEmpty();
  }

  @Test
  void findByIndexValueReturnsEveryMatchInKeyOrder() {
    ErgoKv kv = withUsers();

    assertThat(ids(find(kv, User.class, "dept", "R&D"))).containsExactly(1L, 3L, 5L, 7L);
    assertThat(ids(find(kv, User.class, "department", "Sales"))).containsExactly(2L, 4L, 6L, 8L);
    assertThat(find(kv, User.class, "dept", "Nowhere")).isEmpty();
    assertThat(find(kv, User.class, "dept", null)).isEmpty();
  }

  @Test
  void rangesAreOrderedByValueThenKeyWithInclusiveAndExclusiveBounds() {
    ErgoKv kv = withUsers();
    // ages: 1->21 2->22 3->23 4->24 5->20 6->21 7->22 8->23 9->24

    assertThat(ids(kv, tx -> tx.query(User.class, "age").between(21, 22)))
        .containsExactly(1L, 6L, 2L, 7L);
    assertThat(ids(kv, tx -> tx.query(User.class, "age").after(22).before(24)))
        .containsExactly(3L, 8L);
    assertThat(ids(kv, tx -> tx.query(User.class, "age").from(24))).containsExactly(4L, 9L);
    assertThat(ids(kv, tx -> tx.query(User.class, "age").to(20))).containsExactly(5L);
    assertThat(ids(kv, tx -> tx.query(User.class, "age").before(20))).isEmpty();
    assertThat(ids(kv, tx -> tx.query(User.class, "age").equalTo(23))).containsExactly(3L, 8L);
    assertThat(ids(kv, tx -> tx.query(User.class, "age").between(23, 21))).isEmpty();
    assertThat(ids(kv, tx -> tx.query(User.class, "age"))).hasSize(9);
    assertThat(ids(kv, tx -> tx.query(User.class, "age").from(21L).limit(3)))
        .containsExactly(1L, 6L, 2L);
    assertThat(ids(kv, tx -> tx.query(User.class, "age").limit(0))).isEmpty();
  }

  @Test
  void rangesOverStringsAndUniqueIndexes() {
    ErgoKv kv = withUsers();

    assertThat(ids(kv, tx -> tx.query(User.class, "username").from("user3").before("user6")))
        .containsExactly(3L, 4L, 5L);
    assertThat(ids(kv, tx -> tx.query(User.class, "dept").after("R&D"))).containsExactly(2L, 4L, 6L, 8L);
  }

  @Test
  void firstAndCount() {
    ErgoKv kv = withUsers();

    assertThat(kv.read((ReadTransaction tx) -> tx.query(User.class, "age").after(21).first()).map(User::id))
        .contains(2L);
    assertThat(kv.read((ReadTransaction tx) -> tx.query(User.class, "age").after(99).first())).isEmpty();
    assertThat(kv.read((ReadTransaction tx) -> tx.query(User.class, "dept").equalTo("R&D").count())).isEqualTo(4);
    assertThat(kv.read((ReadTransaction tx) -> tx.query(User.class, "dept").count())).isEqualTo(8);
    assertThat(kv.read((ReadTransaction tx) -> tx.query(User.class, "age").limit(5).count())).isEqualTo(5);
    assertThat(kv.read((ReadTransaction tx) -> tx.count(User.class))).isEqualTo(9);
  }

  @Test
  void aBoundOfTheWrongTypeIsRefusedNamingTheIndex() {
    ErgoKv kv = withUsers();

    assertThatThrownBy(() -> kv.read(tx -> tx.query(User.class, "age").from("twenty")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Index 'age' of " + User.class.getName() + " (model 'User')")
        .hasMessageContaining("holds values of type int");
    assertThatThrownBy(() -> kv.read(tx -> tx.query(User.class, "age").from(null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a bound cannot be null");
    assertThatThrownBy(() -> kv.read(tx -> tx.query(User.class, "age").limit(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anUnknownIndexIsRefusedListingTheIndexes() {
    ErgoKv kv = withUsers();

    assertThatThrownBy(() -> kv.read(tx -> tx.query(User.class, "email")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no index 'email'")
        .hasMessageContaining("'dept' (@Index on field department)")
        .hasMessageContaining("'username' (@Unique on field username)");
    assertThatThrownBy(() -> kv.read(tx -> tx.findUnique(User.class, "dept", "R&D")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not @Unique");
  }

  @Test
  void queriesSeeTheTransactionsOwnChanges() {
    ErgoKv kv = withUsers();

    kv.transact(
        tx -> {
          tx.save(new User(10, "user10", "R&D", 20));
          tx.load(User.class, 1L).orElseThrow().department("Sales"); // changed, not saved
          tx.delete(User.class, 3L);
          assertThat(ids(tx.find(User.class, "dept", "R&D").toList())).containsExactly(5L, 7L, 10L);
          assertThat(ids(tx.find(User.class, "dept", "Sales").toList()))
              .containsExactly(1L, 2L, 4L, 6L, 8L);
          assertThat(tx.findUnique(User.class, "username", "user10")).isPresent();
          assertThat(tx.findUnique(User.class, "username", "user3")).isEmpty();
          assertThat(tx.count(User.class)).isEqualTo(9);
          assertThat(ids(tx.all(User.class).toList()))
              .containsExactly(1L, 2L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        });
  }

  @Test
  void anEntityChangedWhileStreamingIsReturnedOnlyIfItStillMatches() {
    ErgoKv kv = withUsers();

    kv.transact(
        tx -> {
          Stream<User> rnd = tx.find(User.class, "dept", "R&D");
          tx.load(User.class, 5L).orElseThrow().department("Sales");
          assertThat(ids(rnd.toList())).containsExactly(1L, 3L, 7L);
        });
  }

  @Test
  void anEntityThatTakesAValueFreedBeforeTheQueryIsReturnedOnce() {
    // Pages of two: the query reads on after the application changed what it returned.
    ErgoKv kv = withUsers(backend().open(b -> b.pageSize(2)));

    kv.transact(
        tx -> {
          // Before the query: user3 gives up its name, so the query's view hides "user3".
          tx.load(User.class, 3L).orElseThrow().username("renamed3");
          Iterator<User> byName =
              tx.query(User.class, "username").between("user1", "user9").stream().iterator();
          List<Long> seen = new ArrayList<>();
          while (byName.hasNext()) {
            User user = byName.next();
            seen.add(user.id());
            if (user.id() == 2) {
              // Already returned, it takes the freed name, further on in the range.
              tx.save(user.username("user3"));
            }
          }
          assertThat(seen).containsExactly(1L, 2L, 4L, 5L, 6L, 7L, 8L, 9L);
        });
    assertThat(problems(kv, User.class)).isEmpty();
  }

  @Test
  void allStreamsInKeyOrderAcrossManyPages() {
    ErgoKv kv = backend().open(b -> b.pageSize(7));
    kv.transact(
        tx -> {
          for (int id = 100; id > 0; id--) {
            tx.save(new Item(id, "c" + id, id % 3, id));
          }
        });

    List<Integer> ids = kv.read(tx -> tx.all(Item.class).map(Item::id).toList());

    assertThat(ids).hasSize(100).isSorted().startsWith(1, 2, 3).endsWith(100);
    assertThat(kv.read((ReadTransaction tx) -> tx.count(Item.class))).isEqualTo(100);
    assertThat(kv.read((ReadTransaction tx) -> tx.find(Item.class, "group", 1).count())).isEqualTo(34);
  }

  @Test
  void allHoldsOnePageAtATime() {
    ErgoKv kv = backend().open(b -> b.pageSize(10));
    kv.transact(
        tx -> {
          for (int id = 1; id <= 200; id++) {
            tx.save(new Item(id, "c" + id, id % 3, id));
          }
        });
    InMemoryEngine engine =
        backend().engine() instanceof InMemoryEngine ? (InMemoryEngine) backend().engine() : null;

    kv.read(
        tx -> {
          long scannedBefore = engine == null ? 0 : engine.scannedEntries();
          try (Stream<Item> items = tx.all(Item.class)) {
            Iterator<Item> iterator = items.iterator();
            for (int consumed = 1; consumed <= 200; consumed++) {
              assertThat(iterator.next().id()).isEqualTo(consumed);
              if (engine != null) {
                // Read ahead by at most one page (plus the page being read).
                assertThat(engine.scannedEntries() - scannedBefore).isLessThanOrEqualTo(consumed + 10);
              }
            }
            assertThat(iterator.hasNext()).isFalse();
          }
          // A read transaction keeps none of what it streamed.
          assertThat(((Session) tx).managedCount()).isZero();
          return null;
        });
  }

  @Test
  void indexQueriesFetchEntitiesInBatches() {
    ErgoKv kv = backend().open(b -> b.pageSize(16));
    kv.transact(
        tx -> {
          for (int id = 1; id <= 100; id++) {
            tx.save(new Item(id, "c" + id, 7, id));
          }
        });
    assumeTrue(
        backend().engine() instanceof InMemoryEngine, "counts the in-memory engine's round trips");
    InMemoryEngine engine = (InMemoryEngine) backend().engine();

    long batchesBefore = engine.batchGets();
    long getsBefore = engine.gets();
    assertThat(kv.read((ReadTransaction tx) -> tx.find(Item.class, "group", 7).count())).isEqualTo(100);

    assertThat(engine.batchGets() - batchesBefore).isEqualTo(7); // ceil(100 / 16)
    assertThat(engine.gets() - getsBefore).isZero();
  }

  @Test
  void loadAllReadsInOneBatch() {
    ErgoKv kv = withUsers();
    assumeTrue(
        backend().engine() instanceof InMemoryEngine, "counts the in-memory engine's round trips");
    InMemoryEngine engine = (InMemoryEngine) backend().engine();
    long batchesBefore = engine.batchGets();
    long getsBefore = engine.gets();

    assertThat(kv.read((ReadTransaction tx) -> tx.loadAll(User.class, List.of(1L, 2L, 3L, 42L)).size())).isEqualTo(3);

    assertThat(engine.batchGets() - batchesBefore).isEqualTo(1);
    assertThat(engine.gets() - getsBefore).isZero();
  }

  @Test
  void aWriteTransactionSavesChangesToStreamedEntities() {
    ErgoKv kv = withUsers();

    kv.transact(tx -> tx.find(User.class, "dept", "R&D").forEach(u -> u.department("Ops")));

    assertThat(ids(find(kv, User.class, "dept", "Ops"))).containsExactly(1L, 3L, 5L, 7L);
    assertThat(problems(kv, User.class)).isEmpty();
  }
}
