package dev.ergokv.internal.meta;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Key;

/** An entity in its own nest, extending {@link AuditedBase}. */
@Entity
final class AuditedNote extends AuditedBase {
  @Key private String id;
  private String text;

  private AuditedNote() {}
}
