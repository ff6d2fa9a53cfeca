package dev.ergokv.migrate;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Index;
import dev.ergokv.annotation.Key;
import dev.ergokv.annotation.MigrateFrom;
import dev.ergokv.annotation.Unique;

/**
 * Version 2 of "Person": the name split in two, a new index on the last name. The converter is a
 * static method.
 */
@Entity(value = "Person", version = 2)
@MigrateFrom(PersonV1.class)
public class PersonV2 {
  @Key long id;
  @Unique String login;
  String firstName;
  @Index String lastName;
  @Index String city;

  PersonV2() {}

  public PersonV2(long id, String login, String firstName, String lastName, String city) {
    this.id = id;
    this.login = login;
    this.firstName = firstName;
    this.lastName = lastName;
    this.city = city;
  }

  static PersonV2 migrateFrom(PersonV1 previous) {
    if (previous.name.startsWith("!")) {
      throw new IllegalArgumentException("names starting with '!' cannot be split: " + previous.name);
    }
    int space = previous.name.indexOf(' ');
    String first = space < 0 ? previous.name : previous.name.substring(0, space);
    String last = space < 0 ? "" : previous.name.substring(space + 1);
    return new PersonV2(previous.id, previous.login, first, last, previous.city);
  }
}
