package example;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Key;
import java.util.UUID;

@Entity("Person")
public class Person extends Audited {
  @Key private UUID id;
  private String name;

  protected Person() {}

  public Person(UUID id, String name) {
    this.id = id;
    this.name = name;
  }

  public void setName(String name) {
    this.name = name;
  }
}
