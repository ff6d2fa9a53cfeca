package dev.ergokv.internal.meta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.MappingException;
import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Index;
import dev.ergokv.annotation.Key;
import dev.ergokv.annotation.MappedSuperclass;
import dev.ergokv.annotation.MigrateFrom;
import dev.ergokv.annotation.Transient;
import dev.ergokv.annotation.Unique;
import java.time.Period;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every invalid mapping fails with one MappingException that names class and field. */
class MappingValidationTest {

  private static MappingException failure(Class<?> type) {
    try {
      EntityModels.of(type);
    } catch (MappingException e) {
      assertThat(e.mappedClass()).isEqualTo(type);
      assertThat(e.problems()).isEqualTo(EntityModels.problems(type));
      return e;
    }
    throw new AssertionError(type.getName() + " was expected to be rejected");
  }

  private static String onlyProblem(Class<?> type) {
    MappingException e = failure(type);
    assertThat(e.problems()).hasSize(1);
    assertThat(e.getMessage()).isEqualTo(e.problems().get(0));
    return e.getMessage();
  }

  static class NotAnnotated {
    @Key long id;
  }

  @Test
  void aClassWithoutEntityIsRejected() {
    assertThat(onlyProblem(NotAnnotated.class))
        .startsWith(NotAnnotated.class.getName() + ": is not annotated @Entity");
  }

  @Entity
  static class NoKey {
    String name;
  }

  @Test
  void noKey() {
    assertThat(onlyProblem(NoKey.class))
        .startsWith(NoKey.class.getName() + ": no field is annotated @Key")
        .contains("annotate exactly one field");
  }

  @Entity
  static class TwoKeys {
    @Key long a;
    @Key long b;
  }

  @Test
  void twoKeys() {
    assertThat(onlyProblem(TwoKeys.class))
        .contains("fields a, b are all annotated @Key")
        .contains("record of the parts");
  }

  @Entity
  static class Unsupported {
    @Key long id;
    Date when;
    Object anything;
    int[] numbers;
    StringBuilder text;
  }

  @Test
  void unsupportedTypesAreNamedWithTheFieldAndAFix() {
    MappingException e = failure(Unsupported.class);
    String prefix = Unsupported.class.getName() + ".";
    assertThat(e.problems())
        .containsExactly(
            prefix + "anything: has the general type java.lang.Object, whose stored values could"
                + " not be created again; declare a concrete type (supported: "
                + ModelBuilder.SUPPORTED_TYPES + ")",
            prefix + "numbers: is an array of int; only byte[] is stored as an array, use a List"
                + " of the boxed element type",
            prefix + "text: has the unsupported type java.lang.StringBuilder; supported: "
                + ModelBuilder.SUPPORTED_TYPES,
            prefix + "when: has the legacy type java.util.Date; use java.time.Instant, LocalDate or"
                + " LocalDateTime");
    assertThat(e.getMessage())
        .startsWith("Invalid mapping of " + Unsupported.class.getName() + " (4 problems):\n  - ");
  }

  @SuppressWarnings("rawtypes")
  @Entity
  static class Generics<T> {
    @Key long id;
    List raw;
    T variable;
    List<? extends Number> wildcard;
    HashMap<String, String> concrete;
    Optional<Optional<String>> nested;
    Map<List<String>, String> badKey;
  }

  @Test
  void rawTypesTypeVariablesAndWildcardsAreRejected() {
    MappingException e = failure(Generics.class);
    assertThat(e.problems()).hasSize(6);
    assertThat(e.getMessage())
        .contains(".raw: has the raw type List; declare its type arguments, e.g. List<String>")
        .contains(".variable: has the type variable T of " + Generics.class.getName())
        .contains(".wildcard: has the wildcard type argument ? extends java.lang.Number")
        .contains(".concrete: has the type HashMap; declare collection fields as List<E>, Set<E> or Map<K, V>")
        .contains(".nested: is an Optional of an Optional")
        .contains(".badKey: is a Map with keys of type List<String>; map keys must be String");
  }

  @Entity
  static class BadIndexes {
    @Key long id;
    @Index List<String> tags;
    @Unique Period period;
    @Unique @Index String both;
    @Key @Index long ignored;
  }

  @Test
  void indexesOnTypesWithoutKeyEncodingAreRejected() {
    MappingException e = failure(BadIndexes.class);
    assertThat(e.getMessage())
        .contains(".tags: @Index on type List<String>, which has no order-preserving key encoding")
        .contains(".period: @Unique on type Period")
        .contains(".both: is annotated both @Unique and @Index")
        .contains(".ignored: the @Key field cannot also be indexed")
        .contains("fields id, ignored are all annotated @Key");
  }

  @Entity
  static class DuplicateIndexNames {
    @Key long id;
    @Index("name") String first;
    @Unique("name") String second;
  }

  @Test
  void duplicateIndexNames() {
    assertThat(onlyProblem(DuplicateIndexNames.class))
        .startsWith(DuplicateIndexNames.class.getName() + ".second: index name 'name' is already used by field first");
  }

  @Entity
  static class NoConstructor {
    @Key long id;

    NoConstructor(long id) {
      this.id = id;
    }
  }

  @Test
  void aClassWithoutNoArgConstructor() {
    assertThat(onlyProblem(NoConstructor.class))
        .isEqualTo(
            NoConstructor.class.getName()
                + ": has no no-arg constructor; add one (it may be private or protected): loading"
                + " creates the instance with it and then sets the stored fields");
  }

  abstract static class Unmapped {
    String lost;
    String alsoLost;
  }

  @Entity
  static class ExtendsUnmapped extends Unmapped {
    @Key long id;
  }

  @Test
  void aSuperclassWithFieldsMustBeMapped() {
    assertThat(onlyProblem(ExtendsUnmapped.class))
        .contains("superclass " + Unmapped.class.getName() + " declares persistent fields (alsoLost, lost)")
        .contains("annotate Unmapped with @dev.ergokv.annotation.MappedSuperclass");
  }

  @Entity
  static class Parent {
    @Key long id;
  }

  @Entity
  static class Child extends Parent {}

  @Test
  void entitiesCannotExtendEntities() {
    assertThat(onlyProblem(Child.class)).contains("is an @Entity, and entities cannot extend entities");
  }

  @MappedSuperclass
  abstract static class Named {
    String name;
  }

  @Entity
  static class Shadowing extends Named {
    @Key long id;
    String name;
  }

  @Test
  void aFieldHidingAMappedFieldIsRejected() {
    assertThat(onlyProblem(Shadowing.class))
        .startsWith(Shadowing.class.getName() + ".name: hides the field of the same name in " + Named.class.getName());
  }

  static class Node {
    String label;
    List<Node> children;
  }

  @Entity
  static class Tree {
    @Key long id;
    Node root;
  }

  static class Ping {
    Pong pong;
  }

  static class Pong {
    Ping ping;
  }

  @Entity
  static class PingPong {
    @Key long id;
    Ping start;
  }

  @Test
  void nestedValueCyclesAreRejected() {
    assertThat(onlyProblem(Tree.class))
        .startsWith(Node.class.getName() + ".children (reached through " + Tree.class.getName() + ".root)")
        .contains("makes a nested value cycle (Node -> Node)");
    assertThat(onlyProblem(PingPong.class)).contains("(Ping -> Pong -> Ping)");
  }

  @Entity
  static class Holder {
    @Key long id;
    Parent parent;
  }

  @Test
  void entitiesAreNotNestedValues() {
    assertThat(onlyProblem(Holder.class))
        .contains(".parent: refers to the entity " + Parent.class.getName())
        .contains("store its key instead");
  }

  static class NestedWithIndex {
    @Index String value;
  }

  @Entity
  static class UsesNestedWithIndex {
    @Key long id;
    NestedWithIndex nested;
  }

  @Test
  void indexAnnotationsInNestedValuesAreRejected() {
    assertThat(onlyProblem(UsesNestedWithIndex.class))
        .contains(NestedWithIndex.class.getName() + ".value (reached through")
        .contains("declare them on fields of the @Entity itself");
  }

  @Entity
  static class MisplacedAnnotations {
    @Key static long counter;
    @Key long id;
    @Index transient String cache;
    @Unique @Transient String other;
  }

  @Test
  void keyAndIndexAnnotationsOnStaticOrTransientFields() {
    MappingException e = failure(MisplacedAnnotations.class);
    assertThat(e.problems()).hasSize(3);
    assertThat(e.getMessage())
        .contains(".counter: is static")
        .contains(".cache: is transient")
        .contains(".other: is transient");
  }

  @Entity
  static class OptionalKey {
    @Key Optional<String> id;
  }

  @Entity
  static class ListKey {
    @Key List<String> id;
  }

  @Test
  void keysMustBeIndexableAndNotOptional() {
    assertThat(onlyProblem(OptionalKey.class)).contains(".id: @Key field is Optional");
    assertThat(onlyProblem(ListKey.class)).contains(".id: @Key field has type List<String>, which has no order-preserving key encoding");
  }

  @Entity
  class Inner {
    @Key long id;
  }

  @Entity
  abstract static class Abstract {
    @Key long id;
  }

  @Test
  void innerAndAbstractClassesCannotBeEntities() {
    assertThat(onlyProblem(Inner.class)).contains("is an inner class, which needs an enclosing instance; declare it static");
    assertThat(onlyProblem(Abstract.class)).contains("is abstract");
  }

  @Entity
  record TransientComponent(@Key long id, @Transient String note) {}

  @Test
  void recordComponentsCannotBeTransient() {
    assertThat(onlyProblem(TransientComponent.class)).contains(".note: record components are always stored");
  }

  @Entity(value = " ", version = 0)
  static class BadNameAndVersion {
    @Key long id;
  }

  @Test
  void blankNamesAndNonPositiveVersions() {
    MappingException e = failure(BadNameAndVersion.class);
    assertThat(e.problems()).hasSize(2);
    assertThat(e.getMessage()).contains("is blank").contains("versions start at 1");
  }

  @Entity(value = "Versioned", version = 2)
  static class VersionTwo {
    @Key long id;
  }

  @Entity(value = "Other", version = 2)
  @MigrateFrom(VersionTwo.class)
  static class WrongMigration {
    @Key long id;
  }

  @Entity(value = "Versioned", version = 3)
  @MigrateFrom(NotAnnotated.class)
  static class MigrationFromNonEntity {
    @Key long id;
  }

  @Test
  void migrateFromMustNameAnEarlierVersionOfTheSameModel() {
    MappingException wrong = failure(WrongMigration.class);
    assertThat(wrong.problems()).hasSize(2);
    assertThat(wrong.getMessage()).contains("has model name 'Versioned', not 'Other'").contains("has version 2, not lower than 2");
    assertThat(onlyProblem(MigrationFromNonEntity.class)).contains("names a class that is not an @Entity");
  }
}
