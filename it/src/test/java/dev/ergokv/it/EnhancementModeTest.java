package dev.ergokv.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ergokv.ErgoKv;
import dev.ergokv.NotEnhancedException;
import dev.ergokv.enhance.EnhancedClass;
import dev.ergokv.enhance.EnhancedEntity;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.tikv.common.TiSession;

/** What each run's mode means for the runtime: the classes it sees, and strict enhancement. */
@EndToEnd(entities = {User.class, Account.class, Employee.class, Profile.class})
class EnhancementModeTest {

  private final EnhancementMode mode = EnhancementMode.current();

  @Test
  void theRuntimeSeesTheEntitiesEnhancedExactlyWhenTheModeEnhances() {
    for (Class<?> entity : List.of(User.class, Account.class, Employee.class, Profile.class)) {
      assertThat(EnhancedEntity.class.isAssignableFrom(entity))
          .as("%s implements EnhancedEntity in the %s run", entity.getSimpleName(), mode.id())
          .isEqualTo(mode.enhances());
      assertThat(EnhancedClass.of(entity).isPresent())
          .as("%s carries the enhancement stamp in the %s run", entity.getSimpleName(), mode.id())
          .isEqualTo(mode.enhances());
    }
    // Classes that are not entities are never touched.
    assertThat(EnhancedEntity.class.isAssignableFrom(StoredData.class)).isFalse();
  }

  @Test
  void strictEnhancementRefusesUnenhancedEntities(ErgoKv kv, TiSession session) {
    assumeFalse(mode.enhances(), "the entities are enhanced in the " + mode.id() + " run");
    UUID id = UUID.randomUUID();
    try (ErgoKv strict = strict(kv, session)) {
      assertThatThrownBy(
              () ->
                  strict.transact(tx -> tx.save(new User(id, "strict", "s@example.com", "strict"))))
          .isInstanceOf(NotEnhancedException.class)
          .hasMessageContaining(User.class.getName());
    }
  }

  @Test
  void strictEnhancementAcceptsEnhancedEntities(ErgoKv kv, TiSession session) {
    assumeTrue(mode.enhances(), "the entities are not enhanced in the " + mode.id() + " run");
    UUID id = UUID.randomUUID();
    try (ErgoKv strict = strict(kv, session)) {
      strict.transact(tx -> tx.save(new User(id, "strict", "s@example.com", "strict")));
      Optional<User> loaded = strict.read(tx -> tx.load(User.class, id));
      assertThat(loaded).map(User::getUsername).contains("strict");
    }
  }

  /** An ErgoKv refusing un-enhanced classes, on the class's session, in a keyspace of its own. */
  private static ErgoKv strict(ErgoKv kv, TiSession session) {
    return ErgoKv.builder()
        .session(session)
        .keyspace(kv.keyspace() + "-strict")
        .strictEnhancement(true)
        .build();
  }
}
