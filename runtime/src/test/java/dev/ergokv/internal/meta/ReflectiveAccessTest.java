package dev.ergokv.internal.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.ErgoKvException;
import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Key;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class ReflectiveAccessTest {

  @Entity
  static class Account {
    @Key private final long id;
    private String owner = "nobody";
    private int balance;

    private Account() {
      this.id = -1;
    }

    long id() {
      return id;
    }
  }

  @Test
  void classesAreCreatedByTheirPrivateNoArgConstructorAndWrittenByField() {
    EntityModel<Account> model = EntityModels.of(Account.class);
    EntityAccess<Account> access = model.access();

    Account account = access.newInstance();
    assertThat(access.get(account, model.field("owner").slot())).isEqualTo("nobody");

    access.set(account, model.field("id").slot(), 42L);
    access.set(account, model.field("balance").slot(), 7);
    assertThat(account.id()).as("final field written").isEqualTo(42L);
    assertThat(model.keyOf(account)).isEqualTo(42L);
    assertThat(account.balance).isEqualTo(7);
  }

  @Test
  void aPrimitiveFieldIsNeverSetToNull() {
    EntityModel<Account> model = EntityModels.of(Account.class);
    Account account = model.access().newInstance();

    assertThatThrownBy(() -> model.access().set(account, model.field("balance").slot(), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Account.balance");
  }

  @Test
  void theReflectivePathDoesNotTrackWrites() {
    EntityAccess<Account> access = EntityModels.of(Account.class).access();
    Account account = access.newInstance();

    assertThat(access.tracksWrites()).isFalse();
    assertThatThrownBy(() -> access.isDirty(account))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("compare encodings");
    assertThatThrownBy(() -> access.markClean(account))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Entity
  record Item(@Key String sku, int stock) {
    Item {
      Objects.requireNonNull(sku, "sku");
    }
  }

  @Test
  void recordsAreCreatedWholeByTheirCanonicalConstructor() {
    EntityAccess<Item> access = EntityModels.of(Item.class).access();

    Item item = access.construct(new Object[] {"a-1", 3});

    assertThat(item).isEqualTo(new Item("a-1", 3));
    assertThat(access.get(item, 1)).isEqualTo(3);
    assertThatThrownBy(() -> access.set(item, 1, 4)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(access::newInstance).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aRefusingCanonicalConstructorIsReportedWithTheRecordName() {
    EntityAccess<Item> access = EntityModels.of(Item.class).access();

    assertThatThrownBy(() -> access.construct(new Object[] {null, 3}))
        .isInstanceOf(ErgoKvException.class)
        .hasMessageContaining(Item.class.getName())
        .hasRootCauseInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> access.construct(new Object[] {"a", null}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stock");
  }

  @Test
  void constructOnAClassSetsEverySlot() {
    EntityModel<Account> model = EntityModels.of(Account.class);

    Account account = model.access().construct(new Object[] {0, 9L, "ann"});

    assertThat(model.fields()).extracting(FieldModel::name).containsExactly("balance", "id", "owner");
    assertThat(account.id()).isEqualTo(9L);
    assertThat(account.owner).isEqualTo("ann");
  }

  @Test
  void privateFieldsOfAMappedSuperclassInAnotherNestAreReadAndWritten() {
    EntityModel<AuditedNote> model = EntityModels.of(AuditedNote.class);
    EntityAccess<AuditedNote> access = model.access();
    AuditedNote note = access.newInstance();

    access.set(note, model.field("revision").slot(), 3L);

    assertThat(note.revision()).isEqualTo(3L);
    assertThat(access.get(note, model.field("revision").slot())).isEqualTo(3L);
  }
}
