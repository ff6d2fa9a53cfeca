package example;

import dev.ergokv.annotation.MappedSuperclass;

@MappedSuperclass
public abstract class Audited {
  // Private on purpose: the validator must reach a mapped superclass's private fields.
  private long revision;

  public void touch() {
    revision++;
  }
}
