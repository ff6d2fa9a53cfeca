package dev.ergokv.it;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Index;
import dev.ergokv.annotation.Key;
import java.time.LocalDate;

/** An entity with ordered indexes, for range queries. */
@Entity("Employee")
public class Employee {

  @Key private long id;
  private String name;
  @Index private int age;
  @Index("hired") private LocalDate hiredOn;

  protected Employee() {}

  public Employee(long id, String name, int age, LocalDate hiredOn) {
    this.id = id;
    this.name = name;
    this.age = age;
    this.hiredOn = hiredOn;
  }

  public long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public int getAge() {
    return age;
  }

  public void setAge(int age) {
    this.age = age;
  }

  public LocalDate getHiredOn() {
    return hiredOn;
  }

  @Override
  public String toString() {
    return "Employee[" + id + ", " + name + ", " + age + ", " + hiredOn + "]";
  }
}
