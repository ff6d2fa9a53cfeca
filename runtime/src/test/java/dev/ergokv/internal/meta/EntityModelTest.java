package dev.ergokv.internal.meta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Index;
import dev.ergokv.annotation.Key;
import dev.ergokv.annotation.MappedSuperclass;
import dev.ergokv.annotation.MigrateFrom;
import dev.ergokv.annotation.Transient;
import dev.ergokv.annotation.Unique;
import dev.ergokv.internal.meta.TypeModel.Kind;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EntityModelTest {

  @MappedSuperclass
  abstract static class Base {
    @Key UUID id;
    long createdAt;
  }

  /** Not mapped, but without persistent fields: allowed, contributes nothing. */
  abstract static class Behaviour extends Base {
    static int instances;
    transient String scratch;

    abstract String greet();
  }

  @MappedSuperclass
  abstract static class Audited extends Behaviour {
    String zeta;
    String alpha;
    transient String cache;
    static int counter;
    @Transient String ignored;
  }

  @Entity("User")
  static class User extends Audited {
    String name;
    @Unique String email;
    @Index("dept") String department;
    int age;

    protected User() {}

    @Override
    String greet() {
      return "hi " + name;
    }
  }

  @Test
  void canonicalOrderIsTopmostMappedSuperclassFirstThenFieldsByName() {
    EntityModel<User> model = EntityModels.of(User.class);

    assertThat(model.fields())
        .extracting(FieldModel::name)
        .containsExactly("createdAt", "id", "alpha", "zeta", "age", "department", "email", "name");
    for (int slot = 0; slot < model.fields().size(); slot++) {
      assertThat(model.fields().get(slot).slot()).isEqualTo(slot);
    }
    assertThat(model.field("id").declaringClass()).isEqualTo(Base.class);
    assertThat(model.field("alpha").declaringClass()).isEqualTo(Audited.class);
    assertThat(model.field("cache")).isNull();
    assertThat(model.field("ignored")).isNull();
    assertThat(model.field("scratch")).isNull();
  }

  @Test
  void modelCarriesNameVersionKeyAndIndexes() {
    EntityModel<User> model = EntityModels.of(User.class);

    assertThat(model.name()).isEqualTo("User");
    assertThat(model.version()).isEqualTo(1);
    assertThat(model.isRecord()).isFalse();
    assertThat(model.key().name()).isEqualTo("id");
    assertThat(model.key().isKey()).isTrue();
    assertThat(model.key().type().kind()).isEqualTo(Kind.UUID);
    assertThat(model.indexes()).extracting(IndexModel::name).containsExactly("dept", "email");
    assertThat(model.indexes()).extracting(IndexModel::position).containsExactly(0, 1);
    assertThat(model.uniqueIndexes()).extracting(IndexModel::name).containsExactly("email");
    assertThat(model.nonUniqueIndexes()).extracting(IndexModel::name).containsExactly("dept");
    assertThat(model.index("dept").field().name()).isEqualTo("department");
    assertThat(model.index("department")).isNull();
    assertThat(model.field("email").index()).isSameAs(model.index("email"));
    assertThat(model.migrateFrom()).isEmpty();
  }

  @Entity
  static class Plain {
    @Key long id;
  }

  @Test
  void modelNameDefaultsToTheSimpleClassName() {
    assertThat(EntityModels.of(Plain.class).name()).isEqualTo("Plain");
  }

  @Entity(value = "Point", version = 3)
  record Point(@Key long id, String label, @Index int x, Optional<String> tag) {}

  @Test
  void recordComponentsKeepDeclarationOrder() {
    EntityModel<Point> model = EntityModels.of(Point.class);

    assertThat(model.isRecord()).isTrue();
    assertThat(model.version()).isEqualTo(3);
    assertThat(model.fields()).extracting(FieldModel::name).containsExactly("id", "label", "x", "tag");
    assertThat(model.key().type().isPrimitive()).isTrue();
    assertThat(model.index("x").valueType().kind()).isEqualTo(Kind.INT);
  }

  @MappedSuperclass
  abstract static class Keyed<I, V> {
    @Key I id;
    List<V> values;
    Map<String, Optional<V>> byName;
  }

  @Entity
  static class Document extends Keyed<UUID, Instant> {
    Document() {}
  }

  @Test
  void typeVariablesOfMappedSuperclassesResolveThroughTheHierarchy() {
    EntityModel<Document> model = EntityModels.of(Document.class);

    assertThat(model.key().type().kind()).isEqualTo(Kind.UUID);
    assertThat(model.field("values").type().describe()).isEqualTo("List<Instant>");
    assertThat(model.field("byName").type().describe())
        .isEqualTo("Map<String, Optional<Instant>>");
  }

  record Money(java.math.BigDecimal amount, String currency) {}

  static class Address {
    String street;
    String city = "Nowhere";
    List<String> lines = new ArrayList<>();
  }

  record Pair<A, B>(A first, B second) {}

  @Entity
  static class Order {
    @Key OrderId id;
    Money total;
    Address shipping;
    Pair<String, Integer> tagged;
    @Index Optional<String> customer;
    @Unique Money price;
    Set<Period> periods;

    Order() {}
  }

  record OrderId(String region, long number) {}

  @Test
  void nestedRecordsAndValueClassesAreStructsWithTheirOwnCanonicalOrder() {
    EntityModel<Order> model = EntityModels.of(Order.class);

    TypeModel key = model.key().type();
    assertThat(key.kind()).isEqualTo(Kind.STRUCT);
    assertThat(key.isIndexable()).isTrue();
    assertThat(key.struct().fields()).extracting(FieldModel::name).containsExactly("region", "number");

    TypeModel shipping = model.field("shipping").type();
    assertThat(shipping.kind()).isEqualTo(Kind.STRUCT);
    assertThat(shipping.struct().isRecord()).isFalse();
    assertThat(shipping.struct().fields()).extracting(FieldModel::name).containsExactly("city", "lines", "street");
    assertThat(shipping.isIndexable()).isFalse();
    assertThat(shipping.isImmutable()).isFalse();

    TypeModel tagged = model.field("tagged").type();
    assertThat(tagged.struct().fields())
        .extracting(f -> f.type().kind())
        .containsExactly(Kind.STRING, Kind.INT);

    assertThat(model.index("customer").valueType().kind()).isEqualTo(Kind.STRING);
    assertThat(model.index("customer").indexedValue(Optional.of("c1"))).isEqualTo("c1");
    assertThat(model.index("customer").indexedValue(Optional.empty())).isNull();
    assertThat(model.index("price").valueType().kind()).isEqualTo(Kind.STRUCT);
  }

  @Test
  void typeModelsKnowIndexabilityAndMutability() {
    EntityModel<Order> model = EntityModels.of(Order.class);

    assertThat(model.field("total").type().isImmutable()).isTrue();
    assertThat(model.field("customer").type().isImmutable()).isTrue();
    assertThat(model.field("customer").type().isIndexable()).isFalse();
    assertThat(model.field("periods").type().isImmutable()).isFalse();
    assertThat(model.field("periods").type().element().isIndexable()).isFalse();
    assertThat(model.field("customer").type().absentValue()).isEqualTo(Optional.empty());
    assertThat(EntityModels.of(Point.class).field("x").type().absentValue()).isEqualTo(0);
  }

  @Entity(value = "Plain", version = 2)
  @MigrateFrom(Plain.class)
  static class PlainV2 {
    @Key long id;
    String added;

    static PlainV2 migrateFrom(Plain previous) {
      return new PlainV2();
    }
  }

  @Test
  void migrateFromNamesThePreviousVersion() {
    assertThat(EntityModels.of(PlainV2.class).migrateFrom()).contains(Plain.class);
  }

  @Test
  void modelsAreBuiltOnceAndSharedAcrossThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<EntityModel<Order>>> tasks = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        tasks.add(() -> EntityModels.of(Order.class));
      }
      EntityModel<Order> first = EntityModels.of(Order.class);
      for (Future<EntityModel<Order>> result : pool.invokeAll(tasks)) {
        assertThat(result.get()).isSameAs(first);
      }
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }
}
