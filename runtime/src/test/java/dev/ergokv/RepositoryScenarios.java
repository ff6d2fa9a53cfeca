package dev.ergokv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.entities.User;
import dev.ergokv.testing.InMemoryEngine;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Finder interfaces implemented at run time, in a transaction or on their own. */
abstract class RepositoryScenarios extends Scenarios {

  interface Users extends Repository<User, Long> {
    Optional<User> byUsername(String username);

    Stream<User> byDepartment(String department);

    List<User> byDept(String department);

    List<User> byAgeBetween(int from, int to);

    List<User> findByAgeGreaterThan(long age);

    List<User> byAgeLessThanEqual(int age);

    Optional<User> byNickname(String nickname);

    long countByDepartment(String department);

    default List<String> usernamesIn(String department) {
      return byDept(department).stream().map(User::username).toList();
    }
  }

  interface Broken extends Repository<User, Long> {
    Optional<User> byEmail(String email);

    Optional<User> byDepartment(String department);

    List<User> byAge(String age);

    List<User> byAgeBetween(int from);

    Stream<User> usersOver(int age);
  }

  private ErgoKv withUsers() {
    ErgoKv kv = kv();
    kv.transact(
        tx -> {
          for (long id = 1; id <= 6; id++) {
            tx.save(new User(id, "user" + id, id % 2 == 0 ? "Sales" : "R&D", 20 + (int) id));
          }
        });
    return kv;
  }

  private static List<Long> ids(List<User> users) {
    return users.stream().map(User::id).toList();
  }

  @Test
  void findersRunTheirIndexQueries() {
    ErgoKv kv = withUsers();
    kv.transact(tx -> tx.load(User.class, 3L).orElseThrow().nickname("three"));

    kv.read(
        tx -> {
          Users users = tx.repository(Users.class);
          assertThat(users.byUsername("user2").map(User::id)).contains(2L);
          assertThat(users.byUsername("nobody")).isEmpty();
          assertThat(ids(users.byDepartment("R&D").toList())).containsExactly(1L, 3L, 5L);
          assertThat(ids(users.byDept("Sales"))).containsExactly(2L, 4L, 6L);
          assertThat(ids(users.byAgeBetween(22, 24))).containsExactly(2L, 3L, 4L);
          assertThat(ids(users.findByAgeGreaterThan(24))).containsExactly(5L, 6L);
          assertThat(ids(users.byAgeLessThanEqual(22))).containsExactly(1L, 2L);
          assertThat(users.byNickname("three").map(User::id)).contains(3L);
          assertThat(users.countByDepartment("R&D")).isEqualTo(3);
          assertThat(users.usernamesIn("Sales")).containsExactly("user2", "user4", "user6");
          return null;
        });
  }

  @Test
  void theBaseMethodsWork() {
    ErgoKv kv = withUsers();

    kv.transact(
        tx -> {
          Users users = tx.repository(Users.class);
          assertThat(users.load(1L)).containsSame(tx.load(User.class, 1L).orElseThrow());
          assertThat(users.exists(6L)).isTrue();
          assertThat(users.loadAll(List.of(2L, 99L))).containsOnlyKeys(2L);
          assertThat(users.count()).isEqualTo(6);
          assertThat(users.all().map(User::id).toList()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
          assertThat(ids(users.query("age").from(25).list())).containsExactly(5L, 6L);
          users.save(new User(7, "user7", "Ops", 30));
          users.insert(new User(8, "user8", "Ops", 30));
          users.update(new User(1, "user1", "Ops", 21));
          assertThat(users.delete(tx.load(User.class, 2L).orElseThrow())).isTrue();
          assertThat(users.deleteByKey(3L)).isTrue();
          assertThat(users.deleteByKey(3L)).isFalse();
        });

    assertThat(ids(find(kv, User.class, "dept", "Ops"))).containsExactly(1L, 7L, 8L);
    assertThat(exists(kv, User.class, 2L)).isFalse();
    assertThat(problems(kv, User.class)).isEmpty();
  }

  @Test
  void aMethodThatMatchesNoIndexFailsOnFirstUseNamingMethodAndEntity() {
    ErgoKv kv = kv();

    assertThatThrownBy(() -> kv.repository(Broken.class))
        .isInstanceOfSatisfying(
            MappingException.class,
            e -> {
              assertThat(e.mappedClass()).isEqualTo(Broken.class);
              assertThat(e.problems())
                  .containsExactly(
                      Broken.class.getName()
                          + ".byAge(String): index 'age' holds int values; parameter type String"
                          + " does not fit (entity "
                          + User.class.getName()
                          + ")",
                      Broken.class.getName()
                          + ".byAgeBetween(int): 'Between' takes 2 arguments, got 1 (entity "
                          + User.class.getName()
                          + ")",
                      Broken.class.getName()
                          + ".byDepartment(String): index 'dept' is not @Unique, so one value can"
                          + " find many entities: return Stream or List (entity "
                          + User.class.getName()
                          + ")",
                      Broken.class.getName()
                          + ".byEmail(String): User has no index on 'email'; its indexes: age"
                          + " (@Index), department (@Index 'dept'), nickname (@Unique), username"
                          + " (@Unique) (entity "
                          + User.class.getName()
                          + ")",
                      Broken.class.getName()
                          + ".usersOver(int): not a finder: finder names start with 'by', 'findBy'"
                          + " or 'countBy' followed by an indexed field, e.g. byUsername or"
                          + " byAgeBetween (entity "
                          + User.class.getName()
                          + ")");
            });
    assertThatThrownBy(() -> kv.read(tx -> tx.repository(Broken.class)))
        .isInstanceOf(MappingException.class);
  }

  @Test
  void outsideATransactionEachCallRunsInItsOwn() {
    ErgoKv kv = withUsers();
    Users users = kv.repository(Users.class);

    users.save(new User(7, "user7", "Ops", 30));
    assertThat(users.load(7L).map(User::username)).contains("user7");
    assertThat(users.byUsername("user7")).isPresent();
    assertThat(users.countByDepartment("Ops")).isEqualTo(1);
    assertThat(users.deleteByKey(7L)).isTrue();
    assertThat(users.exists(7L)).isFalse();
    assertThat(users.query("age").from(25).count()).isEqualTo(2);
  }

  @Test
  void aStreamReturnedOutsideATransactionHoldsItsSnapshotUntilUsedUp() {
    ErgoKv kv = withUsers();
    Users users = kv.repository(Users.class);

    Stream<User> sales = users.byDepartment("Sales");
    users.save(new User(8, "user8", "Sales", 30)); // after the stream's snapshot

    Iterator<User> iterator = sales.iterator();
    assertThat(iterator.next().id()).isEqualTo(2L);
    assertThat(iterator.next().id()).isEqualTo(4L);
    assertThat(iterator.next().id()).isEqualTo(6L);
    assertThat(iterator.hasNext()).isFalse();
    if (backend().engine() instanceof InMemoryEngine) {
      assertThat(((InMemoryEngine) backend().engine()).openTransactions()).isZero();
    }

    try (Stream<User> closedEarly = users.all()) {
      assertThat(closedEarly.findFirst()).isPresent();
    }
    if (backend().engine() instanceof InMemoryEngine) {
      assertThat(((InMemoryEngine) backend().engine()).openTransactions()).isZero();
    }
  }

  @Test
  void insideTransactRepositoryCallsJoinTheUnitOfWork() {
    ErgoKv kv = kv();
    Users users = kv.repository(Users.class);

    assertThatThrownBy(
            () ->
                kv.transact(
                    tx -> {
                      users.save(new User(1, "alice", "R&D", 30));
                      assertThat(tx.load(User.class, 1L)).isPresent(); // same transaction
                      throw new IllegalStateException("roll back");
                    }))
        .hasMessage("roll back");
    assertThat(exists(kv, User.class, 1L)).isFalse();

    kv.transact(tx -> users.save(new User(1, "alice", "R&D", 30)).email("x@example.com"));
    assertThat(stored(kv, User.class, 1L).email()).isEqualTo("x@example.com");
  }

  @Test
  void repositoriesPrintTheirInterface() {
    ErgoKv kv = kv();

    Users users = kv.repository(Users.class);

    assertThat(users.toString()).contains(Users.class.getName()).contains(User.class.getName());
    assertThat(users).isEqualTo(users).isNotEqualTo(kv.repository(Users.class));
  }
}
