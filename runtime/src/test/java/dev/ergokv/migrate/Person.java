package dev.ergokv.migrate;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Index;
import dev.ergokv.annotation.Key;
import dev.ergokv.annotation.MigrateFrom;
import dev.ergokv.annotation.Unique;
import java.util.Objects;

/**
 * Version 3 of "Person", the current class: the unique login became a unique email (a new unique
 * index; the old one is gone), the city is no longer indexed, the last-name index stays. The
 * converter is a {@link Migration} class.
 */
@Entity(value = "Person", version = 3)
@MigrateFrom(value = PersonV2.class, using = PersonV2ToV3.class)
public class Person {
  @Key long id;
  @Unique String email;
  String firstName;
  @Index String lastName;
  String city;
  int visits;

  Person() {}

  public Person(long id, String email, String firstName, String lastName, String city) {
    this.id = id;
    this.email = email;
    this.firstName = firstName;
    this.lastName = lastName;
    this.city = city;
  }

  public long id() {
    return id;
  }

  public String email() {
    return email;
  }

  public String firstName() {
    return firstName;
  }

  public String lastName() {
    return lastName;
  }

  public String city() {
    return city;
  }

  public int visits() {
    return visits;
  }

  public void visit() {
    visits++;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Person p
        && p.id == id
        && Objects.equals(p.email, email)
        && Objects.equals(p.firstName, firstName)
        && Objects.equals(p.lastName, lastName)
        && Objects.equals(p.city, city)
        && p.visits == visits;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id);
  }

  @Override
  public String toString() {
    return "Person[" + id + ", " + email + ", " + firstName + " " + lastName + ", " + city + ", " + visits + "]";
  }
}
