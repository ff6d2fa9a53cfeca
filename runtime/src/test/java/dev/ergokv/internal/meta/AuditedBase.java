package dev.ergokv.internal.meta;

import dev.ergokv.annotation.MappedSuperclass;

/**
 * A top-level mapped superclass with a private field. Top-level on purpose: classes nested in one
 * test class are nestmates and reach each other's private fields anyway, which hid a bug.
 */
@MappedSuperclass
abstract class AuditedBase {
  private long revision;

  long revision() {
    return revision;
  }
}
