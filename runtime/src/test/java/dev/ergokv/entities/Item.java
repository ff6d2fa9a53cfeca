package dev.ergokv.entities;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Index;
import dev.ergokv.annotation.Key;
import dev.ergokv.annotation.Unique;

/** The entity of the random-operations consistency test: small value domains, so values collide. */
@Entity
public class Item {
  @Key private int id;
  @Unique private String code;
  @Index private Integer group;
  @Index private long score;

  protected Item() {}

  public Item(int id, String code, Integer group, long score) {
    this.id = id;
    this.code = code;
    this.group = group;
    this.score = score;
  }

  public int id() {
    return id;
  }

  public String code() {
    return code;
  }

  public Integer group() {
    return group;
  }

  public long score() {
    return score;
  }

  public void set(String code, Integer group, long score) {
    this.code = code;
    this.group = group;
    this.score = score;
  }
}
