package dev.ergokv.samples.stale;

import dev.ergokv.annotation.Entity;
import dev.ergokv.enhance.Enhanced;

/** Looks enhanced by an older enhancer: the enhancer must refuse it, not weave it twice. */
@Entity
@Enhanced(format = 0)
public class Stale {
  private int count;

  public void setCount(int count) {
    this.count = count;
  }
}
