package dev.ergokv.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.ErgoKv;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The README's finder interface, outside and inside a unit of work. */
@EndToEnd(entities = User.class)
class RepositoryTest {

  @Test
  void findersOutsideAUnitOfWorkRunInTransactionsOfTheirOwn(ErgoKv kv) {
    Users users = kv.repository(Users.class);
    User ada = users.save(new User(UUID.randomUUID(), "r-ada", "ada@example.com", "r-research"));
    User alan = users.save(new User(UUID.randomUUID(), "r-alan", "alan@example.com", "r-research"));
    users.save(new User(UUID.randomUUID(), "r-grace", "grace@example.com", "r-navy"));

    assertThat(users.load(ada.getId())).map(User::getUsername).contains("r-ada");
    assertThat(users.exists(alan.getId())).isTrue();
    assertThat(users.byUsername("r-grace")).map(User::getDepartment).contains("r-navy");
    assertThat(users.byUsername("r-nobody")).isEmpty();
    assertThat(users.findByDepartment("r-research"))
        .extracting(User::getId)
        .containsExactlyElementsOf(UuidOrder.sorted(List.of(ada.getId(), alan.getId())));
    assertThat(users.countByDepartment("r-research")).isEqualTo(2);
    assertThat(users.usernamesIn("r-navy")).containsExactly("r-grace");

    assertThat(users.deleteByKey(alan.getId())).isTrue();
    assertThat(users.countByDepartment("r-research")).isEqualTo(1);
    assertThat(users.deleteByKey(alan.getId())).isFalse();
  }

  @Test
  void insideAUnitOfWorkTheRepositoryJoinsItAndSeesItsChanges(ErgoKv kv) {
    UUID id = UUID.randomUUID();
    kv.transact(tx -> tx.save(new User(id, "t-ken", "ken@example.com", "t-unix")));

    long seenInside =
        kv.transactResult(
            tx -> {
              Users users = tx.repository(Users.class);
              users.byUsername("t-ken").orElseThrow().setDepartment("t-plan9");
              // Queries flush first: the change is visible before commit.
              return users.countByDepartment("t-plan9");
            });

    assertThat(seenInside).isEqualTo(1);
    Users users = kv.repository(Users.class);
    assertThat(users.countByDepartment("t-unix")).isZero();
    assertThat(users.byDepartment("t-plan9").map(User::getId)).containsExactly(id);

    // kv.repository inside transact joins the thread's unit of work: rolled back together.
    assertThatThrownBy(
            () ->
                kv.transact(
                    tx -> {
                      assertThat(kv.repository(Users.class).deleteByKey(id)).isTrue();
                      assertThat(tx.exists(User.class, id)).isFalse();
                      throw new IllegalStateException("roll back");
                    }))
        .hasMessage("roll back");
    Optional<User> afterRollback = users.load(id);
    assertThat(afterRollback).isPresent();
  }
}
