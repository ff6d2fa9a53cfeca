package example;

import dev.ergokv.annotation.MappedSuperclass;

@MappedSuperclass
public abstract class Audited {
  private long revision;

  public void touch() {
    revision++;
  }
}
