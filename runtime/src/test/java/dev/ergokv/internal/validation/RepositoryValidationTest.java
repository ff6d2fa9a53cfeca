package dev.ergokv.internal.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.MappingException;
import dev.ergokv.Repository;
import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Index;
import dev.ergokv.annotation.Key;
import dev.ergokv.annotation.Unique;
import dev.ergokv.internal.repository.Repositories;
import dev.ergokv.internal.session.Session;
import dev.ergokv.internal.session.Store;
import dev.ergokv.testing.InMemoryEngine;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RepositoryValidationTest {

  @Entity
  static class Person {
    @Key UUID id;
    @Unique String email;
    @Index String city;
  }

  interface People extends Repository<Person, UUID> {
    Optional<Person> byEmail(String email);

    Stream<Person> byCity(String city);
  }

  interface BadPeople extends Repository<Person, UUID> {
    List<Person> byName(String name);
  }

  interface WrongKey extends Repository<Person, Long> {}

  /** A generic base is not a repository on its own; interfaces that bind it are. */
  interface Base<T> extends Repository<T, UUID> {}

  interface ThroughBase extends Base<Person> {
    Stream<Person> byCity(String city);
  }

  interface ThroughBaseBroken extends Base<Person> {
    Stream<Person> byCityBetween(String from);
  }

  @Test
  void validRepositoriesAndGenericBasesProduceNoMessages() {
    assertThat(
            BuildTimeValidator.validate(
                List.of(Person.class, People.class, Base.class, ThroughBase.class)))
        .isEmpty();
  }

  @Test
  void reportsTheProblemsTheRuntimeThrowsOnFirstUse() {
    List<String> problems =
        BuildTimeValidator.validate(
            List.of(Person.class, BadPeople.class, WrongKey.class, ThroughBaseBroken.class));

    assertThat(problems)
        .containsExactly(
            BadPeople.class.getName()
                + ".byName(String): Person has no index on 'name'; its indexes: city (@Index),"
                + " email (@Unique) (entity "
                + Person.class.getName()
                + ")",
            ThroughBaseBroken.class.getName()
                + ".byCityBetween(String): 'Between' takes 2 arguments, got 1 (entity "
                + Person.class.getName()
                + ")",
            WrongKey.class.getName()
                + " declares key type java.lang.Long, but the @Key of "
                + Person.class.getName()
                + " (id) is UUID");
    try (Store store = new Store(new InMemoryEngine(), true, "", 16, false);
        Session session = store.begin()) {
      assertThatThrownBy(() -> Repositories.create(BadPeople.class, session))
          .isInstanceOf(MappingException.class)
          .hasMessage(problems.get(0));
    }
  }

  @Test
  void aRepositoryOfAnInvalidEntityIsReported() {
    @Entity
    class Keyless {
      String name;
    }
    interface Keyless_ extends Repository<Keyless, Long> {}

    assertThat(Repositories.problems(Keyless_.class))
        .singleElement()
        .asString()
        .contains("its entity " + Keyless.class.getName() + " has an invalid mapping");
  }
}
