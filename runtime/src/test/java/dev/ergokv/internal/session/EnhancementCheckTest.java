package dev.ergokv.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.NotEnhancedException;
import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Key;
import dev.ergokv.entities.enhanced.Badge;
import dev.ergokv.entities.enhanced.Profile;
import dev.ergokv.testing.InMemoryEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EnhancementCheckTest {

  @Entity
  static class WarnedOnce {
    @Key long id;
  }

  @Entity
  static class Refused {
    @Key long id;
  }

  @Entity
  record Exempt(@Key long id) {}

  private final List<String> warnings = new ArrayList<>();
  private Consumer<String> previous;

  @BeforeEach
  void captureWarnings() {
    previous = EnhancementCheck.warnings;
    EnhancementCheck.warnings = warnings::add;
  }

  @AfterEach
  void restoreWarnings() {
    EnhancementCheck.warnings = previous;
  }

  private static Store store(boolean strict) {
    return new Store(new InMemoryEngine(), true, "", 16, strict);
  }

  @Test
  void anUnenhancedClassIsReportedOncePerJvmSayingHowToEnhanceIt() {
    try (Store first = store(false);
        Store second = store(false)) {
      first.model(WarnedOnce.class);
      first.model(WarnedOnce.class);
      second.model(WarnedOnce.class);
    }

    assertThat(warnings)
        .singleElement()
        .asString()
        .contains(WarnedOnce.class.getName() + " is not enhanced")
        .contains("ergokv-maven-plugin")
        .contains("-javaagent");
  }

  @Test
  void strictEnhancementRefusesAnUnenhancedClass() {
    try (Store store = store(true)) {
      assertThatThrownBy(() -> store.model(Refused.class))
          .isInstanceOfSatisfying(
              NotEnhancedException.class,
              e -> assertThat(e.entityClass()).isEqualTo(Refused.class))
          .hasMessageContaining(Refused.class.getName() + " is not enhanced and strict")
          .hasMessageContaining("ergokv-maven-plugin");
    }
    assertThat(warnings).isEmpty();
  }

  @Test
  void recordsAreNeverEnhancedAndNeverReported() {
    try (Store store = store(true)) {
      assertThat(store.model(Exempt.class).type()).isEqualTo(Exempt.class);
    }
    assertThat(warnings).isEmpty();
  }

  @Test
  void enhancedClassesAreNeitherReportedNorRefused() {
    try (Store lenient = store(false);
        Store strict = store(true)) {
      assertThat(lenient.model(Badge.class).model().access().tracksWrites()).isTrue();
      assertThat(strict.model(Badge.class).type()).isEqualTo(Badge.class);
      assertThat(strict.model(Profile.class).type()).isEqualTo(Profile.class);
    }
    assertThat(warnings).isEmpty();
  }
}
