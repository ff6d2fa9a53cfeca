package dev.ergokv.samples;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Key;

/** An entity whose mapped superclass is two levels up. */
@Entity
public class Note extends Behaviour {

  @Key private String id;
  private String text;

  public Note() {}

  public void setText(String text) {
    this.text = text;
  }

  @Override
  public String kind() {
    return "note";
  }
}
