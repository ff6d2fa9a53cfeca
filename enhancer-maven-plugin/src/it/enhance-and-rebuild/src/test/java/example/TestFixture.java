package example;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Key;

/** An entity that exists only among the test classes: enhanced by enhance-test. */
@Entity
public class TestFixture {
  @Key private String id;
  private int uses;

  public void use() {
    uses++;
  }
}
