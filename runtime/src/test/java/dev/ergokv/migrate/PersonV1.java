package dev.ergokv.migrate;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Index;
import dev.ergokv.annotation.Key;
import dev.ergokv.annotation.Unique;

/** Version 1 of "Person": one name field, a unique login, an index on the city. */
@Entity(value = "Person", version = 1)
public class PersonV1 {
  @Key long id;
  @Unique String login;
  String name;
  @Index String city;

  PersonV1() {}

  public PersonV1(long id, String login, String name, String city) {
    this.id = id;
    this.login = login;
    this.name = name;
    this.city = city;
  }
}
