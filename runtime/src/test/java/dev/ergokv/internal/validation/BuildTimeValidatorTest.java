package dev.ergokv.internal.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Key;
import dev.ergokv.internal.meta.EntityModels;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuildTimeValidatorTest {

  @Entity("Good")
  static class Good {
    @Key long id;
  }

  @Entity
  static class Broken {
    Date when;
  }

  @Entity("Good")
  static class SameName {
    @Key long id;
  }

  @Entity(value = "Good", version = 2)
  static class NextVersion {
    @Key long id;
  }

  static class NotAnEntity {
    Object whatever;
  }

  @Test
  void validClassesAndNonEntitiesProduceNoMessages() {
    assertThat(BuildTimeValidator.validate(List.of(Good.class, NextVersion.class, NotAnEntity.class, String.class)))
        .isEmpty();
  }

  @Test
  void reportsTheSameProblemsTheRuntimeThrows() {
    assertThat(BuildTimeValidator.validate(List.of(Broken.class, Good.class)))
        .isEqualTo(EntityModels.problems(Broken.class))
        .hasSize(2)
        .allSatisfy(message -> assertThat(message).startsWith(Broken.class.getName()));
  }

  @Test
  void twoClassesStoringOneModelVersionAreReported() {
    List<String> problems = BuildTimeValidator.validate(List.of(SameName.class, Good.class, NextVersion.class));

    assertThat(problems)
        .containsExactly(
            SameName.class.getName()
                + ": model name 'Good' (version 1) is already used by "
                + Good.class.getName()
                + "; both would read and write the same keys: give one a different @Entity name");
  }
}
