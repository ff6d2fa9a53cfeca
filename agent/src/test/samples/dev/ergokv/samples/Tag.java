package dev.ergokv.samples;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Key;

/** An entity without a mapped superclass: it holds the dirty set itself. */
@Entity
public class Tag {

  @Key private final String label;
  private final long createdAt;
  private float weight;
  private char marker;
  private boolean pinned;

  protected Tag() {
    this.label = null;
    this.createdAt = 0;
  }

  public Tag(String label, long createdAt) {
    this.label = label;
    this.createdAt = createdAt;
  }

  public String getLabel() {
    return label;
  }

  public void setWeight(float weight) {
    this.weight = weight;
  }

  public void setMarker(char marker) {
    this.marker = marker;
  }

  public void setPinned(boolean pinned) {
    this.pinned = pinned;
  }
}
