package dev.ergokv.benchmarks.enhance;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Index;
import dev.ergokv.annotation.Key;
import dev.ergokv.annotation.Unique;
import java.util.ArrayList;
import java.util.List;

/**
 * An entity whose every field the enhancer tracks exactly: private immutable values and a list it
 * wraps. Two indexes (one unique), so a new one writes three keys. Enhanced in the forks that run
 * with the agent, plain in the others: the same class file either way.
 */
@Entity("Person")
public class Person implements Changeable {
  @Key private long id;
  @Unique private String email;
  @Index private String team;
  private String name;
  private int age;
  private List<String> tags = new ArrayList<>();

  protected Person() {}

  public Person(long id) {
    this.id = id;
    this.email = "person" + id + "@example.com";
    this.team = "team" + (id % 16);
    this.name = "Person " + id;
    this.age = 30;
    this.tags.add("tag" + (id % 7));
  }

  public long id() {
    return id;
  }

  public String name() {
    return name;
  }

  /** The list itself: changing it changes the entity. */
  public List<String> tags() {
    return tags;
  }

  @Override
  public void change(int n) {
    name = "Person " + id + " #" + n;
  }
}
