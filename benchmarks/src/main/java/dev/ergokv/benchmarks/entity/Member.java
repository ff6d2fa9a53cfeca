package dev.ergokv.benchmarks.entity;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Index;
import dev.ergokv.annotation.Key;
import dev.ergokv.annotation.Unique;

/** A small entity with two indexes: one unique, one not. */
@Entity("Member")
public class Member {
  @Key private long id;
  @Unique private String email;
  @Index private String team;
  private String name;
  private int age;

  protected Member() {}

  public Member(long id, String email, String team, String name, int age) {
    this.id = id;
    this.email = email;
    this.team = team;
    this.name = name;
    this.age = age;
  }

  public long id() {
    return id;
  }

  public String name() {
    return name;
  }

  /** The n-th member of a benchmark: distinct email, one of 16 teams. */
  static Member numbered(long n) {
    return new Member(n, "member" + n + "@example.com", "team" + (n % 16), "Member " + n, 30);
  }
}
