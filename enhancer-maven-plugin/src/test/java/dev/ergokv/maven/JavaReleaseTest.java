package dev.ergokv.maven;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JavaReleaseTest {

  @Test
  void readsReleaseNumbersAsProjectsSpellThem() {
    assertThat(JavaRelease.of("17")).isEqualTo(17);
    assertThat(JavaRelease.of(" 25 ")).isEqualTo(25);
    assertThat(JavaRelease.of("1.8")).isEqualTo(8);
  }

  @Test
  void takesTheFirstUsableSettingAndFallsBackToTheRunningJvm() {
    assertThat(JavaRelease.of(null, "11", "21")).isEqualTo(11);
    assertThat(JavaRelease.of("${java.version}", null, "21")).isEqualTo(21);
    assertThat(JavaRelease.of(null, null)).isZero();
  }
}
