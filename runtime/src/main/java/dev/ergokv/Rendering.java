package dev.ergokv;

import java.util.Arrays;

/** Renders keys and values for exception messages. */
final class Rendering {

  private Rendering() {}

  static String value(Object value) {
    if (value instanceof String) {
      return "\"" + value + "\"";
    }
    if (value instanceof byte[]) {
      return "bytes" + Arrays.toString((byte[]) value);
    }
    if (value instanceof Character) {
      return "'" + value + "'";
    }
    return String.valueOf(value);
  }
}
