package dev.ergokv.maven;

/** Reads a Java release number from the ways Maven projects spell it. */
final class JavaRelease {

  private JavaRelease() {}

  /**
   * The first of {@code candidates} that names a Java release ("17", "1.8", "25"), as a feature
   * number; 0 (the running JVM's) when none does.
   */
  static int of(String... candidates) {
    for (String candidate : candidates) {
      int release = parse(candidate);
      if (release > 0) {
        return release;
      }
    }
    return 0;
  }

  static int parse(String value) {
    if (value == null) {
      return 0;
    }
    String trimmed = value.trim();
    if (trimmed.startsWith("1.")) {
      trimmed = trimmed.substring(2);
    }
    try {
      int release = Integer.parseInt(trimmed);
      return release > 0 ? release : 0;
    } catch (NumberFormatException notANumber) {
      // An unresolved property such as "${java.version}": not a setting we can use.
      return 0;
    }
  }
}
