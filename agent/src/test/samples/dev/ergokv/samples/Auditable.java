package dev.ergokv.samples;

import dev.ergokv.annotation.MappedSuperclass;

/** A mapped superclass: its fields take the first slots of every entity extending it. */
@MappedSuperclass
public abstract class Auditable {

  private long revision;

  /** Not private: the enhancer cannot see every write, so the runtime compares it at flush. */
  protected String changedBy;

  public long getRevision() {
    return revision;
  }

  public void touch() {
    revision++;
  }

  public String getChangedBy() {
    return changedBy;
  }

  public void setChangedBy(String changedBy) {
    this.changedBy = changedBy;
  }
}
