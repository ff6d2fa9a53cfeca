package dev.ergokv.samples.stale;

import dev.ergokv.annotation.Entity;
import dev.ergokv.enhance.Enhanced;

/** Carries the current stamp already: the enhancer must skip it. */
@Entity
@Enhanced(format = Enhanced.FORMAT)
public class Current {
  private int count;

  public void setCount(int count) {
    this.count = count;
  }
}
