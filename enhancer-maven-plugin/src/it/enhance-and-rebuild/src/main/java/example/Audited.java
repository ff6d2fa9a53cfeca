package example;

import dev.ergokv.annotation.MappedSuperclass;

@MappedSuperclass
public abstract class Audited {
  // Protected, not private, only because the runtime's reflective access cannot yet reach a
  // private field of a mapped superclass (it looks fields up from the entity class); the
  // enhancer itself handles private superclass fields (see the agent module's tests).
  protected long revision;

  public void touch() {
    revision++;
  }
}
