package dev.ergokv;

import dev.ergokv.internal.keys.KeyNames;

/** Renders keys and values for exception messages: quoted, control characters escaped. */
final class Rendering {

  private Rendering() {}

  static String value(Object value) {
    return KeyNames.value(value);
  }
}
