package dev.ergokv.internal.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.ergokv.CorruptValueException;
import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Index;
import dev.ergokv.annotation.Key;
import dev.ergokv.annotation.Unique;
import dev.ergokv.internal.meta.EntityModel;
import dev.ergokv.internal.meta.EntityModels;
import dev.ergokv.internal.meta.IndexModel;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class ModelKeysTest {

  @Entity("User")
  static class User {
    @Key long id;
    @Unique String email;
    @Index String dept;
    @Index long age;
    @Index Optional<String> nick;
  }

  @Entity("Users")
  static class Users {
    @Key UUID id;
    @Index String dept;
  }

  record OrderId(String region, long number) {}

  @Entity("Order")
  record Order(@Key OrderId id, @Index OrderId parent) {}

  @Test
  void aRecordKeyIsATupleOfItsComponents() {
    ModelKeys<Order> orders = space.keys(EntityModels.of(Order.class));
    IndexModel parent = EntityModels.of(Order.class).index("parent");
    OrderId id = new OrderId("eu", 42);

    byte[] key = orders.entityKey(id);
    byte[] entry = orders.indexEntryKey(parent, new OrderId("eu", 1), id);

    assertThat(KeySpace.describe(key)).isEqualTo("\"app\"/E/\"Order\"/\"eu\"/42");
    assertThat(orders.keyOfEntityKey(key)).isEqualTo(id);
    assertThat(orders.keyOfIndexEntry(parent, entry)).isEqualTo(id);
    assertThat(orders.valueOfIndexKey(parent, entry)).isEqualTo(new OrderId("eu", 1));
    assertThatThrownBy(() -> orders.entityKey(new OrderId(null, 1)))
        .hasMessageContaining("component region of " + OrderId.class.getName() + " is null");
  }

  private final EntityModel<User> model = EntityModels.of(User.class);
  private final KeySpace space = KeySpace.of("app");
  private final ModelKeys<User> keys = space.keys(model);
  private final IndexModel email = model.index("email");
  private final IndexModel dept = model.index("dept");
  private final IndexModel age = model.index("age");

  @Test
  void entityKeysFollowTheLayoutAndParseBack() {
    byte[] key = keys.entityKey(42L);

    assertThat(KeySpace.describe(key)).isEqualTo("\"app\"/E/\"User\"/42");
    assertThat(keys.keyOfEntityKey(key)).isEqualTo(42L);
    assertThat(keys.entityRange().contains(key)).isTrue();
    assertThat(space.range().contains(key)).isTrue();
    assertThat(keys.entityKey(42)).as("any integral box encodes alike").isEqualTo(key);
    assertThat(space.keys(model)).isSameAs(keys);
  }

  @Test
  void indexKeysFollowTheLayoutAndParseBack() {
    byte[] unique = keys.uniqueKey(email, "ann@example.com");
    byte[] entry = keys.indexEntryKey(dept, "R&D", 7L);

    assertThat(KeySpace.describe(unique)).isEqualTo("\"app\"/U/\"User\"/\"email\"/\"ann@example.com\"");
    assertThat(KeySpace.describe(entry)).isEqualTo("\"app\"/I/\"User\"/\"dept\"/\"R&D\"/7");
    assertThat(keys.valueOfIndexKey(email, unique)).isEqualTo("ann@example.com");
    assertThat(keys.valueOfIndexKey(dept, entry)).isEqualTo("R&D");
    assertThat(keys.keyOfIndexEntry(dept, entry)).isEqualTo(7L);
    assertThat(keys.decodeKey(keys.encodeKey(7L), unique)).isEqualTo(7L);
    assertThat(keys.valueRange(dept, "R&D").contains(entry)).isTrue();
    assertThat(keys.range(dept).contains(entry)).isTrue();
    assertThat(keys.range(email).contains(entry)).isFalse();
    assertThat(keys.entityRange().contains(entry)).isFalse();
    assertThat(keys.indexEntryValue()).isNotEmpty();
  }

  @Test
  void anOptionalFieldIsIndexedByItsElementType() {
    IndexModel nick = model.index("nick");

    byte[] entry = keys.indexEntryKey(nick, "nickname", 1L);

    assertThat(keys.valueOfIndexKey(nick, entry)).isEqualTo("nickname");
  }

  @Test
  void misuseIsRejectedWithAReason() {
    IndexModel foreign = EntityModels.of(Users.class).index("dept");

    assertThatThrownBy(() -> keys.uniqueKey(dept, "x")).hasMessageContaining("is not unique");
    assertThatThrownBy(() -> keys.indexEntryKey(email, "x", 1L)).hasMessageContaining("is unique");
    assertThatThrownBy(() -> keys.range(foreign)).hasMessageContaining("is not an index of model User");
    assertThatThrownBy(() -> keys.entityKey(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be null");
    assertThatThrownBy(() -> keys.entityKey("42"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected a value of type long");
  }

  @Test
  void keysOfOtherModelsOrKeyspacesAreCorruptHere() {
    byte[] otherModel = space.keys(EntityModels.of(Users.class)).entityKey(UUID.randomUUID());
    byte[] otherSpace = KeySpace.of("ap").keys(model).entityKey(1L);
    byte[] trailing = Arrays.copyOf(keys.entityKey(1L), keys.entityKey(1L).length + 1);

    for (byte[] key : List.of(otherModel, otherSpace, trailing)) {
      assertThatThrownBy(() -> keys.keyOfEntityKey(key))
          .isInstanceOf(CorruptValueException.class)
          .hasMessageContaining("model 'User'")
          .hasMessageContaining(KeySpace.describe(key))
          .satisfies(e -> assertThat(((CorruptValueException) e).key()).isEqualTo(key));
    }
    assertThatThrownBy(() -> keys.keyOfIndexEntry(dept, keys.entityKey(1L)))
        .isInstanceOf(CorruptValueException.class)
        .hasMessageContaining("not an entry of index 'dept'");
  }

  @Test
  void keyspacesNeverOverlapEvenWhenOneNameIsAPrefixOfAnother() {
    Gen<String> names = arbitrary().pick("", "a", "ab", "a\0", "\0", "b", "A", "é");
    KeyEncodingPropertiesTest.theory()
        .forAll(names, names, longs().all())
        .checkAssert(
            (a, b, id) -> {
              byte[] key = KeySpace.of(b).keys(model).entityKey(id);
              assertThat(KeySpace.of(a).range().contains(key)).isEqualTo(a.equals(b));
              assertThat(KeySpace.of(a).keys(model).entityRange().contains(key)).isEqualTo(a.equals(b));
            });
  }

  @Test
  void aValuePrefixScanNeverReturnsAnotherValue() {
    KeyEncodingPropertiesTest.theory()
        .forAll(KeyDomains.STRINGS, KeyDomains.STRINGS, longs().all())
        .checkAssert(
            (wanted, stored, id) -> {
              byte[] entry = keys.indexEntryKey(dept, stored, id);
              assertThat(keys.valueRange(dept, wanted).contains(entry)).isEqualTo(wanted.equals(stored));
              byte[] unique = keys.uniqueKey(email, stored);
              assertThat(keys.valueRange(email, wanted).contains(unique)).isEqualTo(wanted.equals(stored));
            });
    // Extensions of the wanted value are the dangerous case: test them directly.
    KeyEncodingPropertiesTest.theory()
        .forAll(KeyDomains.STRINGS, KeyDomains.STRINGS.assuming(s -> !s.isEmpty()), longs().all())
        .checkAssert(
            (wanted, suffix, id) ->
                assertThat(keys.valueRange(dept, wanted).contains(keys.indexEntryKey(dept, wanted + suffix, id)))
                    .isFalse());
  }

  @Test
  void indexRangesSelectExactlyTheValuesWithinTheirBounds() {
    Gen<Long> values = longs().between(-300, 300).mix(arbitrary().pick(Long.MIN_VALUE, Long.MAX_VALUE, 0L), 10);
    Gen<Long> bounds = values.mix(arbitrary().pick((Long) null), 15);
    KeyEncodingPropertiesTest.theory()
        .withExamples(300)
        .forAll(lists().of(values).ofSizeBetween(0, 30), bounds, bounds, lists().of(booleans().all()).ofSize(2))
        .checkAssert(
            (stored, from, to, inclusive) -> {
              KeyRange range = keys.range(age, from, inclusive.get(0), to, inclusive.get(1));
              for (int i = 0; i < stored.size(); i++) {
                long value = stored.get(i);
                boolean wanted =
                    (from == null || (inclusive.get(0) ? value >= from : value > from))
                        && (to == null || (inclusive.get(1) ? value <= to : value < to));
                assertThat(range.contains(keys.indexEntryKey(age, value, (long) i)))
                    .as("%s in range %s %s..%s %s", value, inclusive.get(0) ? "[" : "(", from, to,
                        inclusive.get(1) ? "]" : ")")
                    .isEqualTo(wanted);
              }
              if (from != null && to != null && from > to) {
                assertThat(range.isEmpty()).isTrue();
              }
            });
  }

  @Test
  void registryAndMigrationKeysHaveTheirOwnTags() {
    byte[] registry = space.registryKey("User");
    byte[] migration = space.migrationKey("User", "lock");

    assertThat(KeySpace.describe(registry)).isEqualTo("\"app\"/R/\"User\"");
    assertThat(KeySpace.describe(migration)).isEqualTo("\"app\"/M/\"User\"/\"lock\"");
    assertThat(space.registryRange().contains(registry)).isTrue();
    assertThat(space.migrationRange("User").contains(migration)).isTrue();
    assertThat(space.migrationRange("Use").contains(migration)).isFalse();
    assertThat(keys.entityRange().contains(registry)).isFalse();
    assertThat(space.range().contains(registry)).isTrue();
  }

  @Test
  void describeFallsBackToHexForForeignBytes() {
    assertThat(KeySpace.describe(new byte[] {(byte) 0xFF, 1})).isEqualTo("<undecodable from byte 0> ff01");
  }
}
