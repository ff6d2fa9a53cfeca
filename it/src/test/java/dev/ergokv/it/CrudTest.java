package dev.ergokv.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.ErgoKv;
import dev.ergokv.ReadTransaction;
import dev.ergokv.Transaction;
import dev.ergokv.UniqueConstraintViolationException;
import dev.ergokv.WriteConflictException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README's user, created, read, found, changed and deleted. */
@EndToEnd(entities = User.class)
class CrudTest {

  @Test
  void savesAndLoadsByKey(ErgoKv kv) {
    UUID id = UUID.randomUUID();
    kv.transact(tx -> tx.save(new User(id, "ada", "ada@example.com", "research")));

    User ada = kv.read(tx -> tx.load(User.class, id)).orElseThrow();

    assertThat(ada.getId()).isEqualTo(id);
    assertThat(ada.getUsername()).isEqualTo("ada");
    assertThat(ada.getEmail()).isEqualTo("ada@example.com");
    assertThat(ada.getDepartment()).isEqualTo("research");
    assertThat(kv.read((ReadTransaction tx) -> tx.exists(User.class, id))).isTrue();
    Optional<User> nobody = kv.read(tx -> tx.load(User.class, UUID.randomUUID()));
    assertThat(nobody).isEmpty();
  }

  @Test
  void findsByUniqueUsernameAndByDepartment(ErgoKv kv) {
    User grace = new User(UUID.randomUUID(), "grace", "grace@example.com", "compilers");
    User frances = new User(UUID.randomUUID(), "frances", "frances@example.com", "compilers");
    User barbara = new User(UUID.randomUUID(), "barbara", "barbara@example.com", "languages");
    kv.transact(
        tx -> {
          tx.save(grace);
          tx.save(frances);
          tx.save(barbara);
        });

    Optional<User> byName = kv.read(tx -> tx.findUnique(User.class, "username", "frances"));
    List<UUID> compilers =
        kv.read(tx -> tx.find(User.class, "department", "compilers").map(User::getId).toList());
    List<User> nobody = kv.read(tx -> tx.find(User.class, "department", "marketing").toList());

    assertThat(byName).map(User::getId).contains(frances.getId());
    assertThat(compilers)
        .containsExactlyElementsOf(UuidOrder.sorted(List.of(grace.getId(), frances.getId())));
    assertThat(nobody).isEmpty();
    Optional<User> unknown = kv.read(tx -> tx.findUnique(User.class, "username", "nobody"));
    assertThat(unknown).isEmpty();
  }

  @Test
  void aSetterCalledOnALoadedUserIsSavedWithoutSave(ErgoKv kv) {
    UUID id = UUID.randomUUID();
    kv.transact(tx -> tx.save(new User(id, "linus", "linus@example.com", "kernel")));

    kv.transact(
        tx ->
            tx.load(User.class, id)
                .ifPresent(
                    linus -> {
                      linus.setEmail("torvalds@example.com");
                      linus.setDepartment("git");
                    }));

    User linus = kv.read(tx -> tx.load(User.class, id)).orElseThrow();
    assertThat(linus.getEmail()).isEqualTo("torvalds@example.com");
    assertThat(linus.getDepartment()).isEqualTo("git");
    // The index followed the change: the old entry is gone, the new one is there.
    List<User> inKernel = kv.read(tx -> tx.find(User.class, "department", "kernel").toList());
    List<UUID> inGit =
        kv.read(tx -> tx.find(User.class, "department", "git").map(User::getId).toList());
    assertThat(inKernel).isEmpty();
    assertThat(inGit).containsExactly(id);
  }

  @Test
  void aLoadedUserThatWasNotChangedIsNotWritten(ErgoKv kv) {
    UUID id = UUID.randomUUID();
    kv.transact(tx -> tx.save(new User(id, "ken", "ken@example.com", "unix")));

    try (Transaction reader = kv.begin();
        Transaction writer = kv.begin()) {
      User seen = reader.load(User.class, id).orElseThrow();
      seen.setEmail("ken@example.com"); // the same value: no change
      writer.load(User.class, id).orElseThrow().setEmail("thompson@example.com");
      writer.commit();

      // Had the reader written the user, its older snapshot would conflict with the writer.
      reader.commit();
    }
    String email = kv.read(tx -> tx.load(User.class, id).orElseThrow().getEmail());
    assertThat(email).isEqualTo("thompson@example.com");
  }

  @Test
  void aChangedUserConflictsWithAConcurrentChange(ErgoKv kv) {
    UUID id = UUID.randomUUID();
    kv.transact(tx -> tx.save(new User(id, "dennis", "dennis@example.com", "unix")));

    try (Transaction first = kv.begin();
        Transaction second = kv.begin()) {
      first.load(User.class, id).orElseThrow().setEmail("first@example.com");
      second.load(User.class, id).orElseThrow().setEmail("second@example.com");
      first.commit();

      assertThatThrownBy(second::commit).isInstanceOf(WriteConflictException.class);
    }
    String email = kv.read(tx -> tx.load(User.class, id).orElseThrow().getEmail());
    assertThat(email).isEqualTo("first@example.com");
  }

  @Test
  void deletesAUserWithItsIndexEntries(ErgoKv kv) {
    UUID id = UUID.randomUUID();
    kv.transact(tx -> tx.save(new User(id, "alan", "alan@example.com", "bletchley")));

    boolean existed = kv.transactResult(tx -> tx.delete(User.class, id));

    assertThat(existed).isTrue();
    Optional<User> gone = kv.read(tx -> tx.load(User.class, id));
    Optional<User> byName = kv.read(tx -> tx.findUnique(User.class, "username", "alan"));
    List<User> inDepartment = kv.read(tx -> tx.find(User.class, "department", "bletchley").toList());
    assertThat(gone).isEmpty();
    assertThat(byName).isEmpty();
    assertThat(inDepartment).isEmpty();
    // The username is free again.
    UUID next = UUID.randomUUID();
    kv.transact(tx -> tx.save(new User(next, "alan", "turing@example.com", "manchester")));
    Optional<User> newAlan = kv.read(tx -> tx.findUnique(User.class, "username", "alan"));
    assertThat(newAlan).map(User::getId).contains(next);
    boolean deletedTwice = kv.transactResult(tx -> tx.delete(User.class, id));
    assertThat(deletedTwice).isFalse();
  }

  @Test
  void aTakenUsernameIsATypedErrorAndNothingIsWritten(ErgoKv kv) {
    UUID owner = UUID.randomUUID();
    UUID claimant = UUID.randomUUID();
    kv.transact(tx -> tx.save(new User(owner, "margaret", "mh@example.com", "apollo")));

    assertThatThrownBy(
            () ->
                kv.transact(
                    tx -> tx.save(new User(claimant, "margaret", "other@example.com", "apollo"))))
        .isInstanceOf(UniqueConstraintViolationException.class)
        .hasMessageContaining("User")
        .hasMessageContaining("margaret")
        .hasMessageContaining(owner.toString());

    Optional<User> notSaved = kv.read(tx -> tx.load(User.class, claimant));
    assertThat(notSaved).isEmpty();
    try (ReadTransaction tx = kv.beginRead();
        Stream<User> apollo = tx.find(User.class, "department", "apollo")) {
      assertThat(apollo.map(User::getId)).containsExactly(owner);
    }
  }
}
