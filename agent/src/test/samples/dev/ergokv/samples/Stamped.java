package dev.ergokv.samples;

import dev.ergokv.annotation.MappedSuperclass;

/** A mapped superclass separated from its entity by a class that is not mapped. */
@MappedSuperclass
public abstract class Stamped {

  private long stampedAt;

  public void stamp(long at) {
    stampedAt = at;
  }

  public long getStampedAt() {
    return stampedAt;
  }
}
